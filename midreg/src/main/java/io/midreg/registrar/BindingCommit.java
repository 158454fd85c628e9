package io.midreg.registrar;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies a REGISTER to the AOR's record once the upstream accepted it (never before: a refused
 * or unanswered REGISTER leaves the record exactly as it was, so a device with a wrong password
 * cannot displace a registered one, as was reported against OpenSIPS's mid_registrar).
 * Device lifetimes never outlast what the upstream granted. Runs inside the store's atomic
 * update.
 */
final class BindingCommit {
    private final RegistrarSettings settings;
    private final Tokens tokens;

    BindingCommit(RegistrarSettings settings, Tokens tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }

    /** The new record, or null when nothing is left of the AOR. */
    AorRecord apply(RegisterRequest req, AorRecord current, UpstreamAcceptance up, long now, java.util.Map<String, Long> asked) {
        return apply(req, current, up, now, asked, "");
    }

    /**
     * As above; {@code target} is the name of the upstream target that accepted (null or empty:
     * the single target), recorded in every upstream state this 2xx creates, so later refreshes
     * know where the registration is held ({@link TargetMove}).
     */
    AorRecord apply(RegisterRequest req, AorRecord current, UpstreamAcceptance up, long now, java.util.Map<String, Long> asked,
                    String target) {
        List<Binding> bindings = new ArrayList<>();
        if (current != null) {
            for (Binding b : current.bindings()) if (b.expiresAt() > now) bindings.add(b);
        }
        ThrottlingMode mode = settings.mode();
        UpstreamState aorUpstream = current == null ? null : current.upstream();
        if (req.wildcard()) {
            return null;
        }
        long aorGranted = 0;
        String aorToken = null;
        if (mode == ThrottlingMode.AOR) {
            aorToken = tokens.forAor(req.aor());
            aorGranted = up.grantedSeconds(aorToken, asked.getOrDefault(aorToken, settings.upstreamExpirySeconds()));
        }
        for (RequestedContact c : req.contacts()) {
            int idx = BindingMatcher.indexOf(bindings, c);
            long granted;
            UpstreamState bindingUpstream = null;
            if (mode == ThrottlingMode.AOR) {
                granted = aorGranted;
            } else if (settings.pathInsertion()) {
                // The upstream holds the device's own Contact; midreg's token is in the Path.
                granted = up.grantedSecondsForUri(c.uri(), asked.getOrDefault(c.uri(), c.expires()));
                if (granted > 0) bindingUpstream = upstreamState(tokens.forAor(req.aor()), granted, req, up, now, target);
            } else {
                String token = tokens.forBinding(req.aor(), c.bindingKey());
                granted = up.grantedSeconds(token, asked.getOrDefault(token, c.expires()));
                if (granted > 0) bindingUpstream = upstreamState(token, granted, req, up, now, target);
            }
            if (c.expires() == 0 || granted == 0) {
                if (idx >= 0) bindings.remove(idx);
                continue;
            }
            long deviceSeconds = Math.min(c.expires(), granted);
            long registeredAt = idx >= 0 ? bindings.get(idx).registeredAt() : now;
            Binding nb = new Binding(c.uri(), c.instance(), c.regId(), FlowIdentity.host(req.flow()), req.flow().remote().getPort(),
                    FlowIdentity.transport(req.flow()), FlowIdentity.flowId(req.flow()), req.path(), req.callId(), req.cseq(),
                    now + deviceSeconds * 1000, c.qMillis(), req.userAgent(), registeredAt, now, bindingUpstream);
            if (idx >= 0) bindings.set(idx, nb);
            else bindings.add(nb);
        }
        if (bindings.size() > settings.maxContacts()) {
            // Only reached with evictOldest (a refusal happens before forwarding): drop the oldest.
            bindings.sort(Comparator.comparingLong(Binding::registeredAt));
            bindings = new ArrayList<>(bindings.subList(bindings.size() - settings.maxContacts(), bindings.size()));
        }
        if (mode == ThrottlingMode.AOR) {
            aorUpstream = bindings.isEmpty() || aorGranted == 0 ? null : upstreamState(aorToken, aorGranted, req, up, now, target);
        } else {
            aorUpstream = null;
        }
        if (bindings.isEmpty() && aorUpstream == null) return null;
        return new AorRecord(bindings, aorUpstream);
    }

    private static UpstreamState upstreamState(String token, long granted, RegisterRequest req, UpstreamAcceptance up, long now,
                                               String target) {
        return new UpstreamState(token, now + granted * 1000, now, req.callId(), req.cseq(), UpstreamStatus.REGISTERED, up.status(), null,
                up.serviceRoute(), up.replayHeaders(), target);
    }
}
