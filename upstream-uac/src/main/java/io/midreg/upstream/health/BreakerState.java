package io.midreg.upstream.health;

/** Where a {@link CircuitBreaker} stands; the code is what the metrics gauge shows. */
public enum BreakerState {
    /** REGISTERs go to the target. */
    CLOSED(0),
    /** Nothing goes to the target but OPTIONS probes. */
    OPEN(1),
    /** The target answered a probe: one REGISTER goes as a trial, its outcome closes or re-opens. */
    HALF_OPEN(2);

    private final int code;

    BreakerState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
