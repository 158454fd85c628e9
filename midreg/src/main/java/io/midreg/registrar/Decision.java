package io.midreg.registrar;

import io.midreg.store.AorRecord;

/** What the throttling policy decided for one REGISTER. */
sealed interface Decision {
    /**
     * Answer from the store; {@code after} is the record to write. {@code paced}: the refresh was
     * due upstream but the upstream binding is still valid and the pacer had no token, so it was
     * answered here rather than made to wait. {@code survival}: it was due upstream while the
     * target was down, and was answered here with the survival lifetime.
     */
    record Absorb(AorRecord after, boolean paced, boolean survival) implements Decision {
        Absorb(AorRecord after) {
            this(after, false, false);
        }

        Absorb(AorRecord after, boolean paced) {
            this(after, paced, false);
        }
    }

    /**
     * Send upstream; {@code current} is the record as it was (nothing is written now).
     * {@code tokenHeld}: the pacer's token for it was taken already, inside the decision.
     */
    record Forward(ForwardReason reason, AorRecord current, boolean tokenHeld) implements Decision {
        Forward(ForwardReason reason, AorRecord current) {
            this(reason, current, false);
        }
    }

    /** Refuse without going upstream. */
    record Reject(Rejection rejection) implements Decision {
    }
}
