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
 * @param breaker     the circuit breaker on the target
 */
public record UpstreamSettings(TransportProtocol protocol, InetSocketAddress address, String requestUri, byte[] tokenSecret, PacingSettings pacing,
                               int deregisterRetries, BreakerSettings breaker) {
    /** With the default circuit breaker. */
    public UpstreamSettings(TransportProtocol protocol, InetSocketAddress address, String requestUri, byte[] tokenSecret, PacingSettings pacing,
                            int deregisterRetries) {
        this(protocol, address, requestUri, tokenSecret, pacing, deregisterRetries, BreakerSettings.defaults());
    }
}
