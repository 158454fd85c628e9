package io.midreg.config;

import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TlsConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns the {@code sip:} section into the transport's config, with defaults and range checks. */
public final class SipSettings {
    private SipSettings() {
    }

    public static TransportConfig transportConfig(MidregConfig config, ConfigErrors errors) {
        SipSection sip = config.sip();
        List<ListenerSection> ls = sip == null || sip.listeners() == null
                ? List.of(new ListenerSection("udp", null, null, null, null), new ListenerSection("tcp", null, null, null, null))
                : sip.listeners();
        if (ls.isEmpty()) errors.add(List.of("sip", "listeners"), "at least one listener is needed");
        List<ListenerConfig> listeners = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
            ListenerSection l = ls.get(i);
            List<Object> at = List.of("sip", "listeners", i);
            TransportProtocol p = TransportProtocol.fromToken(l.transport());
            if (p == null) {
                errors.add(with(at, "transport"), "must be udp, tcp or tls, not '" + l.transport() + "'");
                continue;
            }
            String host = l.host() == null ? "127.0.0.1" : l.host();
            int port = l.port() == null ? p.defaultPort() : l.port();
            if (port < 0 || port > 65535) errors.add(with(at, "port"), "must be within 0..65535, not " + port);
            if (p == TransportProtocol.TLS) {
                if (l.certificate() == null) errors.add(with(at, "certificate"), "is required for a tls listener");
                if (l.privateKey() == null) errors.add(with(at, "privateKey"), "is required for a tls listener");
                if (l.certificate() != null && l.privateKey() != null) {
                    listeners.add(ListenerConfig.tls(host, port, new TlsConfig(Path.of(l.certificate()), Path.of(l.privateKey()), null, false)));
                }
            } else {
                if (l.certificate() != null || l.privateKey() != null) {
                    errors.add(with(at, "certificate"), "only applies to a tls listener");
                }
                listeners.add(ListenerConfig.of(p, host, port));
            }
        }
        TransportConfig t = TransportConfig.defaults().withListeners(listeners.isEmpty() ? TransportConfig.defaults().listeners() : listeners);
        if (sip != null && sip.eventLoops() != null) {
            if (sip.eventLoops() < 0 || sip.eventLoops() > 256) errors.add(List.of("sip", "eventLoops"), "must be within 0..256, not " + sip.eventLoops());
            else t = t.withEventLoops(sip.eventLoops());
        }
        if (sip != null && sip.maxMessageSize() != null) {
            int m = sip.maxMessageSize();
            if (m < 1024 || m > 65535) errors.add(List.of("sip", "maxMessageSize"), "must be within 1024..65535, not " + m);
            else t = t.withMaxMessageSize(m);
        }
        int rcvbuf = sip == null || sip.udpReceiveBuffer() == null ? 4 * 1024 * 1024 : sip.udpReceiveBuffer();
        if (rcvbuf < 0 || rcvbuf > 256 * 1024 * 1024) errors.add(List.of("sip", "udpReceiveBuffer"), "must be within 0..268435456, not " + rcvbuf);
        else t = t.withUdpReceiveBufferBytes(rcvbuf);
        if (sip != null && sip.udpReadBatch() != null) {
            int b = sip.udpReadBatch();
            if (b < 1 || b > 64) errors.add(List.of("sip", "udpReadBatch"), "must be within 1..64, not " + b);
            else t = t.withUdpReadBatch(b);
        }
        if (sip != null && sip.idleConnectionTimeout() != null) {
            int idle = sip.idleConnectionTimeout();
            if (idle < 0 || idle > 86_400) errors.add(List.of("sip", "idleConnectionTimeout"), "must be within 0..86400 seconds, not " + idle);
            else t = t.withIdleConnectionTimeout(java.time.Duration.ofSeconds(idle));
        }
        return t;
    }

    /** What {@code sip.deviceConnections} asks of registered devices' TCP/TLS connections (default keep them open). */
    public static DeviceConnections deviceConnections(MidregConfig config, ConfigErrors errors) {
        String v = config.sip() == null ? null : config.sip().deviceConnections();
        if (v == null) return DeviceConnections.KEEP_OPEN;
        for (DeviceConnections d : DeviceConnections.values()) {
            if (d.key().equals(v)) return d;
        }
        errors.add(List.of("sip", "deviceConnections"), "must be keepOpen or idleTimeout, not '" + v + "'");
        return DeviceConnections.KEEP_OPEN;
    }

    /** RFC 3261 timers, with timer J from {@code sip.nonInviteLinger}. */
    public static io.midreg.sip.transaction.TimerConfig timers(MidregConfig config, ConfigErrors errors) {
        int linger = config.sip() == null || config.sip().nonInviteLinger() == null ? 5 : config.sip().nonInviteLinger();
        if (linger < 1 || linger > 32) {
            errors.add(List.of("sip", "nonInviteLinger"), "must be within 1..32 seconds, not " + linger);
            linger = 5;
        }
        return io.midreg.sip.transaction.TimerConfig.defaults().withTimerJ(java.time.Duration.ofSeconds(linger));
    }

    /**
     * SIP processing threads from {@code sip.workers}: 0 (default) = on the event loop that
     * received the message, which spares two thread hops per message (measured: about a third
     * less CPU per REGISTER); N = N threads fed by Call-ID, for a few busy source ports that
     * SO_REUSEPORT would otherwise pin to one core.
     */
    public static int workers(MidregConfig config, TransportConfig transport, ConfigErrors errors) {
        Integer w = config.sip() == null ? null : config.sip().workers();
        if (w == null) return 0;
        if (w < 0 || w > 256) {
            errors.add(List.of("sip", "workers"), "must be within 0..256, not " + w);
            return 0;
        }
        return w;
    }

    /** How long a stopping midreg waits for relayed REGISTERs, from {@code sip.shutdownGrace}. */
    public static java.time.Duration shutdownGrace(MidregConfig config, ConfigErrors errors) {
        int grace = config.sip() == null || config.sip().shutdownGrace() == null ? 5 : config.sip().shutdownGrace();
        if (grace < 0 || grace > 60) {
            errors.add(List.of("sip", "shutdownGrace"), "must be within 0..60 seconds, not " + grace);
            grace = 5;
        }
        return java.time.Duration.ofSeconds(grace);
    }

    private static List<Object> with(List<Object> at, String key) {
        List<Object> l = new ArrayList<>(at);
        l.add(key);
        return l;
    }
}
