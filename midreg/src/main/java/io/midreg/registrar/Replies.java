package io.midreg.registrar;

import io.midreg.sip.transaction.ServerTransaction;

/** Refusals to a device: answered with the rejection's status and counted by its key. */
public final class Replies {
    private final RegistrarStats stats;

    public Replies(RegistrarStats stats) {
        this.stats = stats;
    }

    /** Answers {@code tx} with the rejection and counts it; true (it answered). */
    boolean reject(ServerTransaction tx, Rejection r) {
        stats.rejected(r.counterKey());
        if (UpstreamView.REJECTED_WHILE_DOWN.equals(r.counterKey())) stats.rejectedWhileDown.increment();
        tx.sendResponse(RegistrarResponses.reject(tx, r));
        return true;
    }
}
