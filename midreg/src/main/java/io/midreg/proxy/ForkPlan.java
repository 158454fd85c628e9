package io.midreg.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The order in which a request forks to a target set (RFC 3261 §16.6, §20.10): targets with a
 * higher q are tried first; targets of equal q are tried together, in parallel; the next group
 * starts only when every branch of the one before has ended without a 2xx or 6xx (the response
 * context says when, {@link ResponseAction#startNextGroup()}). Immutable.
 *
 * @param groups the sequential groups, highest q first; each group in the target set's order
 */
public record ForkPlan<T>(List<List<T>> groups) {
    /**
     * q used for a binding registered without one. RFC 3261 leaves it open; 1.0 (Kamailio's and
     * most registrars' reading) rings such devices with the most preferred ones.
     */
    public static final int UNSPECIFIED_Q = 1000;

    public ForkPlan {
        List<List<T>> copy = new ArrayList<>(groups.size());
        for (List<T> g : groups) {
            if (g.isEmpty()) throw new IllegalArgumentException("an empty fork group");
            copy.add(List.copyOf(g));
        }
        groups = List.copyOf(copy);
    }

    /**
     * Groups {@code targets} by q, highest first, keeping their order within a group (a stable sort).
     *
     * @param qMillis q times 1000; negative for "absent", which counts as {@link #UNSPECIFIED_Q}
     */
    public static <T> ForkPlan<T> byQ(List<T> targets, ToIntFunction<T> qMillis) {
        List<T> sorted = new ArrayList<>(targets);
        sorted.sort((a, b) -> Integer.compare(q(qMillis, b), q(qMillis, a)));
        List<List<T>> groups = new ArrayList<>();
        List<T> current = null;
        int currentQ = Integer.MIN_VALUE;
        for (T t : sorted) {
            int q = q(qMillis, t);
            if (current == null || q != currentQ) {
                current = new ArrayList<>();
                groups.add(current);
                currentQ = q;
            }
            current.add(t);
        }
        return new ForkPlan<>(groups);
    }

    /** Every target at once, whatever its q (a forced parallel ring). */
    public static <T> ForkPlan<T> parallel(List<T> targets) {
        return new ForkPlan<>(targets.isEmpty() ? List.of() : List.of(targets));
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    public int groupCount() {
        return groups.size();
    }

    private static <T> int q(ToIntFunction<T> qMillis, T t) {
        int q = qMillis.applyAsInt(t);
        return q < 0 ? UNSPECIFIED_Q : q;
    }
}
