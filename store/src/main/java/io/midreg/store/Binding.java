package io.midreg.store;

import java.util.List;
import java.util.Objects;

/**
 * One device binding of an AOR, as plain data (no SIP types).
 *
 * <p>Times are epoch milliseconds; {@code 0} means "not set". Optional strings are {@code null}
 * when absent.
 *
 * @param contactUri   the Contact URI the device registered
 * @param instanceId   the {@code +sip.instance} value, or {@code null}
 * @param regId        the RFC 5626 {@code reg-id}, or {@code 0} when absent
 * @param receivedHost the source address the REGISTER came from
 * @param receivedPort the source port
 * @param transport    the transport it came over, e.g. {@code udp}, {@code tcp}, {@code tls}, {@code ws}
 * @param flowId       the id of the connection or flow to reach the device on, or {@code null}
 * @param path         the Path header values, in order (empty when none)
 * @param callId       Call-ID of the device's registration
 * @param cseq         the last accepted CSeq number
 * @param expiresAt    when the device-side binding expires
 * @param qMillis      the q-value times 1000 (q=0.5 is 500), or {@code -1} when absent
 * @param userAgent    the User-Agent, or {@code null}
 * @param registeredAt when the binding was first registered
 * @param lastSeenAt   when the device last refreshed it
 * @param upstream     this binding's own upstream registration (contact and mirror modes), or
 *                     {@code null} (aor mode keeps one per AOR in {@link AorRecord#upstream()})
 */
public record Binding(
        String contactUri,
        String instanceId,
        int regId,
        String receivedHost,
        int receivedPort,
        String transport,
        String flowId,
        List<String> path,
        String callId,
        long cseq,
        long expiresAt,
        int qMillis,
        String userAgent,
        long registeredAt,
        long lastSeenAt,
        UpstreamState upstream) {

    /** q-value marker for "no q parameter". */
    public static final int NO_Q = -1;

    public Binding {
        Objects.requireNonNull(contactUri, "contactUri");
        Objects.requireNonNull(receivedHost, "receivedHost");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(callId, "callId");
        path = path == null ? List.of() : List.copyOf(path);
        if (regId < 0) {
            throw new IllegalArgumentException("regId must be >= 0: " + regId);
        }
        if (receivedPort < 0 || receivedPort > 65535) {
            throw new IllegalArgumentException("receivedPort out of range: " + receivedPort);
        }
        if (qMillis < NO_Q || qMillis > 1000) {
            throw new IllegalArgumentException("qMillis must be -1 or 0..1000: " + qMillis);
        }
        if (cseq < 0) {
            throw new IllegalArgumentException("cseq must be >= 0: " + cseq);
        }
    }

    /** A binding without an upstream registration of its own. */
    public Binding(String contactUri, String instanceId, int regId, String receivedHost, int receivedPort, String transport,
                   String flowId, List<String> path, String callId, long cseq, long expiresAt, int qMillis, String userAgent,
                   long registeredAt, long lastSeenAt) {
        this(contactUri, instanceId, regId, receivedHost, receivedPort, transport, flowId, path, callId, cseq, expiresAt,
                qMillis, userAgent, registeredAt, lastSeenAt, null);
    }

    /** This binding with a new expiry, CSeq and last-seen time (a refresh). */
    public Binding refreshed(long newCseq, long newExpiresAt, long seenAt) {
        return new Binding(contactUri, instanceId, regId, receivedHost, receivedPort, transport, flowId,
                path, callId, newCseq, newExpiresAt, qMillis, userAgent, registeredAt, seenAt, upstream);
    }

    /** This binding with another upstream registration ({@code null} to clear it). */
    public Binding withUpstream(UpstreamState newUpstream) {
        return new Binding(contactUri, instanceId, regId, receivedHost, receivedPort, transport, flowId,
                path, callId, cseq, expiresAt, qMillis, userAgent, registeredAt, lastSeenAt, newUpstream);
    }
}
