package io.midreg.sip.transaction;

import io.midreg.sip.header.Via;
import io.midreg.sip.transport.Flow;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: the top Via of a received request gets {@code received}
 * when the packet's source differs from sent-by (and always when the client sent
 * {@code rport}), and {@code rport} filled in with the source port. Responses carry this Via
 * and go back to that address and port. An IPv6 received value is written without brackets,
 * as RFC 3261's grammar has it (RFC 5118 §4.5).
 */
public final class ReceivedParameters {
    private ReceivedParameters() {
    }

    /** The Via to put on responses, or the same instance when nothing needs adding. */
    public static Via apply(Via top, Flow flow) {
        InetSocketAddress src = flow.remote();
        InetAddress addr = src.getAddress();
        String ip = addr == null ? src.getHostString() : addr.getHostAddress();
        if (!top.hasRport() && sameHost(top.host(), addr, ip)) return top;
        return top.withReceived(ip, src.getPort());
    }

    private static boolean sameHost(String viaHost, InetAddress addr, String ip) {
        String h = viaHost.startsWith("[") && viaHost.endsWith("]") ? viaHost.substring(1, viaHost.length() - 1) : viaHost;
        if (h.equalsIgnoreCase(ip)) return true;
        if (addr == null || h.indexOf(':') < 0) return false;
        try {
            return InetAddress.getByName(h).equals(addr); // IPv6 literal: no DNS lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
