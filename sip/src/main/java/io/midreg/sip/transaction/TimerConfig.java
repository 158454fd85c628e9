package io.midreg.sip.transaction;

import java.time.Duration;

/**
 * The RFC 3261 timer base values (§17.1.1.1, Table 4) and the durations derived from them.
 *
 * @param t1 round-trip estimate, 500 ms by default
 * @param t2 maximum retransmission interval for non-INVITE requests and INVITE responses, 4 s
 * @param t4 maximum time a message stays in the network, 5 s
 * @param timerD how long an INVITE client transaction absorbs response retransmissions over
 *               an unreliable transport; at least 32 s
 * @param timerJ how long a completed non-INVITE server transaction absorbs request
 *               retransmissions over an unreliable transport; null for RFC 3261's 64*T1.
 *               A shorter value (Kamailio's and OpenSIPS's wait timer is 5 s) keeps far less
 *               state at high REGISTER rates; the layer above must then answer a late
 *               retransmission idempotently.
 */
public record TimerConfig(Duration t1, Duration t2, Duration t4, Duration timerD, Duration timerJ) {
    private static final TimerConfig DEFAULTS =
            new TimerConfig(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(32), null);

    public TimerConfig {
        if (t1.isNegative() || t1.isZero()) throw new IllegalArgumentException("T1 must be positive");
        if (t2.compareTo(t1) < 0) throw new IllegalArgumentException("T2 must not be below T1");
        if (t4.isNegative() || timerD.isNegative()) throw new IllegalArgumentException("T4 and timer D must not be negative");
        if (timerJ != null && timerJ.isNegative()) throw new IllegalArgumentException("timer J must not be negative");
    }

    /** RFC 3261 timer J (64*T1). */
    public TimerConfig(Duration t1, Duration t2, Duration t4, Duration timerD) {
        this(t1, t2, t4, timerD, null);
    }

    /** The same with another timer J. */
    public TimerConfig withTimerJ(Duration j) {
        return new TimerConfig(t1, t2, t4, timerD, j);
    }

    public static TimerConfig defaults() {
        return DEFAULTS;
    }

    /** 64*T1: timers B, F, H, J and the RFC 6026 timers L and M. */
    public Duration sixtyFourT1() {
        return t1.multipliedBy(64);
    }

    /** INVITE client: first retransmission interval (doubles each time, no cap). */
    public Duration timerA() {
        return t1;
    }

    /** INVITE client: gives up waiting for a response. */
    public Duration timerB() {
        return sixtyFourT1();
    }

    /** Non-INVITE client: first retransmission interval (doubles up to T2). */
    public Duration timerE() {
        return t1;
    }

    /** Non-INVITE client: gives up waiting for a final response. */
    public Duration timerF() {
        return sixtyFourT1();
    }

    /** INVITE server: first retransmission interval of a non-2xx final (doubles up to T2). */
    public Duration timerG() {
        return t1;
    }

    /** INVITE server: gives up waiting for the ACK. */
    public Duration timerH() {
        return sixtyFourT1();
    }

    /** INVITE server: absorbs ACK retransmissions (unreliable transports). */
    public Duration timerI() {
        return t4;
    }

    /** Non-INVITE server: absorbs request retransmissions (unreliable transports). */
    @Override
    public Duration timerJ() {
        return timerJ == null ? sixtyFourT1() : timerJ;
    }

    /** Non-INVITE client: absorbs response retransmissions (unreliable transports). */
    public Duration timerK() {
        return t4;
    }

    /** INVITE server, RFC 6026: stays Accepted to absorb INVITE retransmissions after a 2xx. */
    public Duration timerL() {
        return sixtyFourT1();
    }

    /**
     * INVITE client, RFC 6026: stays Accepted after the first 2xx so that its retransmissions
     * and the 2xx of other forks downstream still match the transaction and reach the TU.
     */
    public Duration timerM() {
        return sixtyFourT1();
    }

    /** The next retransmission interval after {@code current}: doubled, capped at T2 when {@code capped}. */
    Duration doubled(Duration current, boolean capped) {
        Duration d = current.multipliedBy(2);
        return capped && d.compareTo(t2) > 0 ? t2 : d;
    }
}
