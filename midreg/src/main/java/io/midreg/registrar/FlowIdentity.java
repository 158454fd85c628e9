package io.midreg.registrar;

import io.midreg.sip.transport.Flow;
import io.midreg.store.Binding;
import java.net.InetAddress;

/**
 * The flow a binding was registered on, as the store keeps it (source host, port, transport and,
 * for TCP/TLS, the connection), and whether a new REGISTER arrived on the same one. A refresh
 * from anywhere else is not absorbed: it may be another device reusing a Call-ID (OpenSIPS
 * #3193) or the device behind a new NAT mapping.
 */
final class FlowIdentity {
    private FlowIdentity() {
    }

    static String host(Flow f) {
        InetAddress a = f.remote().getAddress();
        return a == null ? f.remote().getHostString() : a.getHostAddress();
    }

    static String transport(Flow f) {
        return f.protocol().viaToken().toLowerCase(java.util.Locale.ROOT);
    }

    /** The connection id for TCP/TLS, null for UDP (the address is the flow). */
    static String flowId(Flow f) {
        return f.connectionId() == 0 ? null : Long.toString(f.connectionId());
    }

    static boolean sameFlow(Binding b, Flow f) {
        return b.receivedPort() == f.remote().getPort()
                && b.transport().equals(transport(f))
                && b.receivedHost().equals(host(f))
                && java.util.Objects.equals(b.flowId(), flowId(f));
    }
}
