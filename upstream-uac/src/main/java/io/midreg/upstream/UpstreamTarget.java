package io.midreg.upstream;

import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;

/**
 * Where REGISTERs go upstream, and how midreg names itself there.
 *
 * @param protocol   transport to the registrar
 * @param address    the registrar's address
 * @param requestUri Request-URI to use, or null to keep the device's (its domain)
 * @param advertised host:port midreg puts in its Via and Contacts towards the registrar
 */
public record UpstreamTarget(TransportProtocol protocol, InetSocketAddress address, String requestUri, String advertised) {
}
