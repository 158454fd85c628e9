package io.midreg.upstream.health;

/**
 * How a REGISTER to an upstream target failed.
 *
 * @param kind              what went wrong
 * @param status            the 5xx status for {@link Kind#SERVER_ERROR}, else 0
 * @param retryAfterSeconds the Retry-After the target gave with its 5xx, or 0 when none
 */
public record UpstreamFailure(Kind kind, int status, long retryAfterSeconds) {
    public enum Kind {
        /** No final answer before the transaction timed out. */
        TIMEOUT,
        /** The transport could not deliver (connection refused, ICMP unreachable, TLS failure). */
        TRANSPORT,
        /** A 5xx answer. */
        SERVER_ERROR
    }

    public UpstreamFailure {
        if (kind == null) throw new IllegalArgumentException("kind is required");
        if (retryAfterSeconds < 0) throw new IllegalArgumentException("retryAfterSeconds must not be negative");
    }

    public static UpstreamFailure timeout() {
        return new UpstreamFailure(Kind.TIMEOUT, 0, 0);
    }

    public static UpstreamFailure transport() {
        return new UpstreamFailure(Kind.TRANSPORT, 0, 0);
    }

    public static UpstreamFailure serverError(int status, long retryAfterSeconds) {
        return new UpstreamFailure(Kind.SERVER_ERROR, status, retryAfterSeconds);
    }
}
