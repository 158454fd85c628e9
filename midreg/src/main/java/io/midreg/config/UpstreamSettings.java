package io.midreg.config;

import io.midreg.sip.transport.TransportProtocol;
import io.midreg.upstream.health.BreakerSettings;
import io.midreg.upstream.pacing.PacingSettings;
import java.net.InetSocketAddress;

/**
 * The upstream registrar, checked.
 *
 * @param protocol    transport to it
 * @param address     its address
 * @param requestUri  Request-URI override, or null
 * @param tokenSecret secret for the contact tokens
 * @param pacing      the cap on REGISTERs to the target
 * @param deregisterRetries retries of midreg's own de-registrations after a time-out or 5xx
 * @param targets     the targets of {@code upstream.targets} (empty with the single {@code upstream.target})
 * @param domain      the domain of {@code upstream.domain} to resolve per RFC 3263, or null
 * @param dnsServer   the DNS server to ask, or null for the system's
 * @param advertise   how midreg names itself upstream ({@code upstream.advertise}), or null to derive it from the listener
 * @param breaker     the circuit breaker on each target
 * @param credentials the surrogate registration credentials file, or null for none
 * @param negativeCacheFor how long an AOR whose credentials the upstream refused is not tried again
 * @param provisionalNewDevices upstream.survival.newDevices: provisional — surrogate AORs' authenticated devices are
 *                              accepted while the upstream does not answer
 * @param deviceChallenge the digest algorithms surrogate AORs' devices are challenged with, in order, unless their
 *                        credentials entry says otherwise
 */
public record UpstreamSettings(TransportProtocol protocol, InetSocketAddress address, String requestUri, byte[] tokenSecret, PacingSettings pacing,
                               int deregisterRetries, java.util.List<io.midreg.upstream.targets.Candidate> targets, String domain,
                               InetSocketAddress dnsServer, io.midreg.upstream.targets.HostPort advertise, BreakerSettings breaker,
                               java.nio.file.Path credentials, java.time.Duration negativeCacheFor, boolean provisionalNewDevices,
                               java.util.List<io.midreg.sip.auth.DigestAlgorithm> deviceChallenge) {
    /** The settings of a single {@code upstream.target}, as before several targets existed, with the default circuit breaker, no surrogate AOR. */
    public UpstreamSettings(TransportProtocol protocol, InetSocketAddress address, String requestUri, byte[] tokenSecret, PacingSettings pacing,
                            int deregisterRetries) {
        this(protocol, address, requestUri, tokenSecret, pacing, deregisterRetries, java.util.List.of(), null, null, null, BreakerSettings.defaults(),
                null, java.time.Duration.ofSeconds(300), false, io.midreg.registrar.surrogate.SurrogateCredential.DEFAULT_CHALLENGE);
    }

    /** Whether REGISTERs are spread over several targets ({@code upstream.targets} or {@code upstream.domain}). */
    public boolean severalTargets() {
        return domain != null || !targets.isEmpty();
    }
}
