package io.midreg.registrar;

import io.midreg.store.AorRecord;

/** What the throttling policy decided for one REGISTER. */
sealed interface Decision {
    /** Answer from the store; {@code after} is the record to write. */
    record Absorb(AorRecord after) implements Decision {
    }

    /** Send upstream; {@code current} is the record as it was (nothing is written now). */
    record Forward(ForwardReason reason, AorRecord current) implements Decision {
    }

    /** Refuse without going upstream. */
    record Reject(Rejection rejection) implements Decision {
    }
}
