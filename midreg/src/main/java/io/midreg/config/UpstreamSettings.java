package io.midreg.config;

import io.midreg.sip.transport.TransportProtocol;
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
 * @param credentials the surrogate registration credentials file, or null for none
 * @param negativeCacheFor how long an AOR whose credentials the upstream refused is not tried again
 * @param provisionalNewDevices upstream.survival.newDevices: provisional — surrogate AORs' authenticated devices are
 *                              accepted while the upstream does not answer
 */
public record UpstreamSettings(TransportProtocol protocol, InetSocketAddress address, String requestUri, byte[] tokenSecret, PacingSettings pacing,
                               int deregisterRetries, java.nio.file.Path credentials, java.time.Duration negativeCacheFor,
                               boolean provisionalNewDevices) {
}
