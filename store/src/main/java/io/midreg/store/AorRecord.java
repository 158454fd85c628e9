package io.midreg.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Everything the store holds for one address-of-record: its device bindings and midreg's
 * upstream registration for it.
 *
 * @param bindings the device bindings (may be empty, e.g. while upstream de-registers)
 * @param upstream the upstream registration, or {@code null} when there is none
 */
public record AorRecord(List<Binding> bindings, UpstreamState upstream) {

    private static final AorRecord EMPTY = new AorRecord(List.of(), null);

    public AorRecord {
        bindings = bindings == null ? List.of() : List.copyOf(bindings);
    }

    /** A record with no bindings and no upstream state. */
    public static AorRecord empty() {
        return EMPTY;
    }

    /** This record with {@code binding} added, or replacing the binding with the same contact URI. */
    public AorRecord withBinding(Binding binding) {
        Objects.requireNonNull(binding, "binding");
        List<Binding> next = new ArrayList<>(bindings.size() + 1);
        for (Binding b : bindings) {
            if (!b.contactUri().equals(binding.contactUri())) {
                next.add(b);
            }
        }
        next.add(binding);
        return new AorRecord(next, upstream);
    }

    /** This record without the bindings that match {@code drop}. */
    public AorRecord withoutBindings(Predicate<Binding> drop) {
        List<Binding> next = new ArrayList<>(bindings.size());
        for (Binding b : bindings) {
            if (!drop.test(b)) {
                next.add(b);
            }
        }
        return new AorRecord(next, upstream);
    }

    /** This record with another upstream state ({@code null} to clear it). */
    public AorRecord withUpstream(UpstreamState newUpstream) {
        return new AorRecord(bindings, newUpstream);
    }

    /** The earliest binding expiry, or {@link Long#MAX_VALUE} when no binding has one. */
    public long earliestBindingExpiry() {
        long min = Long.MAX_VALUE;
        for (Binding b : bindings) {
            if (b.expiresAt() > 0 && b.expiresAt() < min) {
                min = b.expiresAt();
            }
        }
        return min;
    }

    /**
     * The earliest upstream expiry, the AOR's own or any binding's, or {@link Long#MAX_VALUE}
     * when there is none.
     */
    public long upstreamExpiry() {
        long min = upstream == null || upstream.expiresAt() <= 0 ? Long.MAX_VALUE : upstream.expiresAt();
        for (Binding b : bindings) {
            UpstreamState u = b.upstream();
            if (u != null && u.expiresAt() > 0 && u.expiresAt() < min) {
                min = u.expiresAt();
            }
        }
        return min;
    }
}
