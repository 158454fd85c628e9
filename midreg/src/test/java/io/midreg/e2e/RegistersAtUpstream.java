package io.midreg.e2e;

import io.midreg.server.MidregServer;
import java.util.function.LongSupplier;

/**
 * REGISTERs an upstream received, told apart from midreg's retransmissions of them. The ITs run
 * midreg with T1 = 50 ms: on a busy machine an upstream may answer after timer E fired, and
 * Kamailio counts every datagram, so one REGISTER can be counted twice. "Exactly n REGISTERs"
 * is then n distinct ones, give or take what midreg resent meanwhile.
 */
final class RegistersAtUpstream {
    /** Where both counts stood. */
    record Mark(long received, long resent) {}

    private final LongSupplier received;
    private final MidregServer midreg;

    /** @param received the upstream's count of REGISTER datagrams */
    RegistersAtUpstream(LongSupplier received, MidregServer midreg) {
        this.received = received;
        this.midreg = midreg;
    }

    /** Requests midreg has retransmitted so far (timer A/E), to every upstream. */
    static long resent(MidregServer midreg) {
        return midreg.stack().transactions().stats().retransmissionsSent();
    }

    Mark mark() {
        return new Mark(received.getAsLong(), resent(midreg));
    }

    /** REGISTERs received since {@code mark}, less midreg's retransmissions since then. */
    long distinctSince(Mark mark) {
        long got = received.getAsLong() - mark.received();
        long resends = resent(midreg) - mark.resent();
        return got - Math.min(resends, got);
    }
}
