package io.midreg.nat.detect;

import io.midreg.sip.header.Contact;
import io.midreg.sip.header.Via;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.uri.SipUri;
import java.net.InetSocketAddress;

/**
 * What one request tells about the path from its device, as plain values.
 *
 * @param source      where the device was seen from: the packet's source, or where a proxy in front
 *                    of midreg saw it (the received and rport it wrote into the device's Via)
 * @param viaHost     the device's Via sent-by host as written (an IPv6 reference in brackets)
 * @param viaPort     the sent-by port, -1 when absent (then the transport's default applies)
 * @param transport   the Via's transport, for that default (5061 for TLS, 5060 otherwise)
 * @param contactHost the host of the Contact's SIP URI, null when there is none (or it is {@code *})
 */
public record NatEvidence(InetSocketAddress source, String viaHost, int viaPort, TransportProtocol transport,
                          String contactHost) {
    public NatEvidence {
        if (source == null || viaHost == null || transport == null) {
            throw new IllegalArgumentException("source, viaHost and transport must be set");
        }
    }

    /**
     * The evidence of a request as it arrived on {@code flow}: judged on its top Via. When that
     * Via already carries received (and rport) it was written by a proxy in front of midreg which
     * saw the device directly (RFC 3261 §18.2.1, RFC 3581): those are the source then.
     */
    public static NatEvidence of(SipRequest request, Flow flow) {
        Via via = request.topVia();
        if (via == null) throw new IllegalArgumentException("a request without Via");
        InetSocketAddress source = flow.remote();
        String received = via.received();
        if (received != null) {
            java.util.Optional<java.net.InetAddress> seen = IpLiteral.parse(received);
            int rport = via.rport();
            if (seen.isPresent()) source = new InetSocketAddress(seen.get(), rport > 0 ? rport : source.getPort());
        }
        String contactHost = null;
        for (Contact c : request.contacts()) {
            SipUri uri = c.isWildcard() ? null : c.address().sipUri();
            if (uri != null) {
                contactHost = uri.host();
                break;
            }
        }
        TransportProtocol transport = TransportProtocol.fromToken(via.transport());
        return new NatEvidence(source, via.host(), via.port(), transport == null ? flow.protocol() : transport, contactHost);
    }
}
