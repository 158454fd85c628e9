package io.midreg.config;

import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;

/**
 * The upstream registrar, checked.
 *
 * @param protocol    transport to it
 * @param address     its address
 * @param requestUri  Request-URI override, or null
 * @param tokenSecret secret for the contact tokens
 */
public record UpstreamSettings(TransportProtocol protocol, InetSocketAddress address, String requestUri, byte[] tokenSecret) {
}
