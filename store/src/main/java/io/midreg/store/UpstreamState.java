package io.midreg.store;

import java.util.List;
import java.util.Objects;

/**
 * midreg's own registration of an AOR with the upstream registrar.
 *
 * <p>Times are epoch milliseconds; {@code 0} means "not set".
 *
 * @param token          the token midreg put in the Contact it registered upstream
 * @param expiresAt      when the upstream registration expires
 * @param lastRefreshAt  when midreg last sent (or had accepted) a refresh upstream
 * @param callId         Call-ID of the upstream registration
 * @param cseq           last CSeq used upstream
 * @param status         where the registration stands
 * @param lastStatusCode last SIP status code from upstream, or {@code 0} when none yet
 * @param lastError      last error text (reason phrase or transport error), or {@code null}
 * @param serviceRoute   Service-Route values from the last 2xx, in order
 * @param replayHeaders  other upstream headers to replay in midreg's 200s (P-Associated-URI, ...)
 * @param target         the name of the upstream target that holds this registration (as the
 *                       targets name it, e.g. host:port); {@code ""} when unknown: a single
 *                       target, or a record written before the store kept it (format version 2 and older)
 */
public record UpstreamState(
        String token,
        long expiresAt,
        long lastRefreshAt,
        String callId,
        long cseq,
        UpstreamStatus status,
        int lastStatusCode,
        String lastError,
        List<String> serviceRoute,
        List<HeaderField> replayHeaders,
        String target) {

    /** Without the target that holds it (a single target, or a record from before). */
    public UpstreamState(String token, long expiresAt, long lastRefreshAt, String callId, long cseq, UpstreamStatus status,
                         int lastStatusCode, String lastError, List<String> serviceRoute, List<HeaderField> replayHeaders) {
        this(token, expiresAt, lastRefreshAt, callId, cseq, status, lastStatusCode, lastError, serviceRoute, replayHeaders, "");
    }

    public UpstreamState {
        target = target == null ? "" : target;
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(status, "status");
        serviceRoute = serviceRoute == null ? List.of() : List.copyOf(serviceRoute);
        replayHeaders = replayHeaders == null ? List.of() : List.copyOf(replayHeaders);
        if (cseq < 0) {
            throw new IllegalArgumentException("cseq must be >= 0: " + cseq);
        }
        if (lastStatusCode < 0 || lastStatusCode > 999) {
            throw new IllegalArgumentException("lastStatusCode out of range: " + lastStatusCode);
        }
    }

    /** This state, held by {@code newTarget} ({@code null} or {@code ""}: unknown). */
    public UpstreamState withTarget(String newTarget) {
        return new UpstreamState(token, expiresAt, lastRefreshAt, callId, cseq, status, lastStatusCode, lastError, serviceRoute,
                replayHeaders, newTarget);
    }
}
