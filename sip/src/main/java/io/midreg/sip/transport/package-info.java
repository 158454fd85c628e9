/**
 * SIP transports on Netty: UDP, TCP and TLS listeners, stream framing, RFC 5626 CRLF keep-alives
 * and the table of connections that sends answers back on the flow their request came in on.
 *
 * <p>The layer above codes against {@link io.midreg.sip.transport.SipTransport} and implements
 * {@link io.midreg.sip.transport.InboundHandler}; {@link io.midreg.sip.transport.NettySipTransport}
 * is the implementation, configured by {@link io.midreg.sip.transport.TransportConfig}. This
 * package moves framed message bytes only: it never parses beyond the Content-Length a stream
 * needs for framing.
 */
package io.midreg.sip.transport;
