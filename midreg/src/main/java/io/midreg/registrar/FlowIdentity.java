package io.midreg.registrar;

import io.midreg.sip.transport.Flow;
import io.midreg.store.Binding;
import java.net.InetAddress;

/**
 * The flow a binding was registered on, as the store keeps it (source host, port, transport and,
 * for TCP/TLS, the connection), and whether a new REGISTER arrived on the same one. A refresh
 * from anywhere else is not absorbed: it may be another device reusing a Call-ID (absorbing it
 * would register that device without authentication, as was reported against OpenSIPS's
 * mid_registrar) or the device behind a new NAT mapping.
 */
public final class FlowIdentity {
    private FlowIdentity() {
    }

    public static String host(Flow f) {
        InetAddress a = f.remote().getAddress();
        return a == null ? f.remote().getHostString() : a.getHostAddress();
    }

    public static String transport(Flow f) {
        return f.protocol().viaToken().toLowerCase(java.util.Locale.ROOT);
    }

    /** The connection id for TCP/TLS, null for UDP (the address is the flow). */
    public static String flowId(Flow f) {
        return f.connectionId() == 0 ? null : Long.toString(f.connectionId());
    }

    /** Compared without formatting the flow's address or transport: this runs for every absorbed refresh. */
    public static boolean sameFlow(Binding b, Flow f) {
        return b.receivedPort() == f.remote().getPort()
                && b.transport().equalsIgnoreCase(f.protocol().viaToken())
                && sameHost(b.receivedHost(), f)
                && sameConnection(b.flowId(), f.connectionId());
    }

    private static boolean sameHost(String stored, Flow f) {
        InetAddress a = f.remote().getAddress();
        if (a instanceof java.net.Inet4Address v4) {
            long parsed = dottedQuad(stored);
            return parsed >= 0 && (int) parsed == v4.hashCode(); // an Inet4Address's hash is its address
        }
        return stored.equals(host(f));
    }

    /** The IPv4 address in {@code s} as an unsigned int, or -1 when {@code s} is not a dotted quad. */
    static long dottedQuad(String s) {
        long v = 0;
        int octet = -1;
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) return -1;
            } else if (c == '.' && octet >= 0 && dots < 3) {
                v = (v << 8) | octet;
                octet = -1;
                dots++;
            } else {
                return -1;
            }
        }
        if (dots != 3 || octet < 0) return -1;
        return (v << 8) | octet;
    }

    private static boolean sameConnection(String stored, long connectionId) {
        if (connectionId == 0) return stored == null;
        if (stored == null) return false;
        try {
            return Long.parseLong(stored) == connectionId;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
