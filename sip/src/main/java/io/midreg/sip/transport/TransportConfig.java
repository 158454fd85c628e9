package io.midreg.sip.transport;

import java.time.Duration;
import java.util.List;

/**
 * Configuration of the SIP transports.
 *
 * @param listeners addresses to listen on (may be empty for a transport that only connects out)
 * @param eventLoops event loop threads, 0 for the number of cores; with native epoll this is also
 *     the number of UDP sockets sharing each UDP port
 * @param maxMessageSize largest SIP message accepted, header and body, in bytes
 * @param incompleteMessageTimeout a partial message on a stream older than this closes the
 *     connection (protects against peers that declare a body they never send)
 * @param idleConnectionTimeout a connection with no traffic either way for this long is closed;
 *     {@link Duration#ZERO} turns this off
 * @param udpReceiveBufferBytes SO_RCVBUF of UDP sockets, 0 for the OS default
 * @param preferNativeTransport use native epoll when the platform has it, NIO otherwise
 * @param udpReadBatch  datagrams one UDP read may take from the socket (epoll recvmmsg); 1 reads
 *                      one per system call
 */
public record TransportConfig(
        List<ListenerConfig> listeners,
        int eventLoops,
        int maxMessageSize,
        Duration incompleteMessageTimeout,
        Duration idleConnectionTimeout,
        int udpReceiveBufferBytes,
        boolean preferNativeTransport,
        int udpReadBatch) {

    /** Default {@link #udpReadBatch()}: up to 8 datagrams per recvmmsg (measured: about a tenth less CPU per REGISTER at 25-35k/s). */
    public static final int DEFAULT_UDP_READ_BATCH = 8;

    /** Default {@link #maxMessageSize()}: the largest UDP payload, as RFC 3261 §18.3 suggests. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 65535;
    /** Upper bound on {@link #maxMessageSize()}, so one connection cannot pin a lot of memory. */
    public static final int MAX_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    /** Smallest accepted {@link #maxMessageSize()}: below this no real SIP request fits. */
    public static final int MIN_MAX_MESSAGE_SIZE = 256;

    public TransportConfig {
        if (listeners == null) {
            throw new IllegalArgumentException("listeners must be set");
        }
        listeners = List.copyOf(listeners);
        if (eventLoops < 0) {
            throw new IllegalArgumentException("eventLoops must be >= 0, got " + eventLoops);
        }
        if (maxMessageSize < MIN_MAX_MESSAGE_SIZE || maxMessageSize > MAX_MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maxMessageSize must be in " + MIN_MAX_MESSAGE_SIZE + ".."
                    + MAX_MAX_MESSAGE_SIZE + ", got " + maxMessageSize);
        }
        if (incompleteMessageTimeout == null
                || incompleteMessageTimeout.isNegative()
                || incompleteMessageTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "incompleteMessageTimeout must be positive, got " + incompleteMessageTimeout);
        }
        if (idleConnectionTimeout == null || idleConnectionTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "idleConnectionTimeout must be >= 0, got " + idleConnectionTimeout);
        }
        if (udpReceiveBufferBytes < 0) {
            throw new IllegalArgumentException("udpReceiveBufferBytes must be >= 0, got " + udpReceiveBufferBytes);
        }
        if (udpReadBatch < 1 || udpReadBatch > 64) {
            throw new IllegalArgumentException("udpReadBatch must be in 1..64, got " + udpReadBatch);
        }
    }

    /**
     * Defaults: UDP and TCP on all IPv4 addresses, port 5060; one event loop per core; 65535-byte
     * messages; 5 s for an incomplete message; 600 s idle connections; OS UDP buffer; native
     * transport when available.
     */
    public static TransportConfig defaults() {
        return new TransportConfig(
                List.of(ListenerConfig.of(TransportProtocol.UDP, "0.0.0.0", 5060),
                        ListenerConfig.of(TransportProtocol.TCP, "0.0.0.0", 5060)),
                0, DEFAULT_MAX_MESSAGE_SIZE, Duration.ofSeconds(5), Duration.ofSeconds(600), 0, true, DEFAULT_UDP_READ_BATCH);
    }

    public TransportConfig withListeners(List<ListenerConfig> newListeners) {
        return new TransportConfig(newListeners, eventLoops, maxMessageSize, incompleteMessageTimeout,
                idleConnectionTimeout, udpReceiveBufferBytes, preferNativeTransport, udpReadBatch);
    }

    public TransportConfig withEventLoops(int newEventLoops) {
        return new TransportConfig(listeners, newEventLoops, maxMessageSize, incompleteMessageTimeout,
                idleConnectionTimeout, udpReceiveBufferBytes, preferNativeTransport, udpReadBatch);
    }

    public TransportConfig withMaxMessageSize(int newMaxMessageSize) {
        return new TransportConfig(listeners, eventLoops, newMaxMessageSize, incompleteMessageTimeout,
                idleConnectionTimeout, udpReceiveBufferBytes, preferNativeTransport, udpReadBatch);
    }

    public TransportConfig withIncompleteMessageTimeout(Duration timeout) {
        return new TransportConfig(listeners, eventLoops, maxMessageSize, timeout,
                idleConnectionTimeout, udpReceiveBufferBytes, preferNativeTransport, udpReadBatch);
    }

    public TransportConfig withIdleConnectionTimeout(Duration timeout) {
        return new TransportConfig(listeners, eventLoops, maxMessageSize, incompleteMessageTimeout,
                timeout, udpReceiveBufferBytes, preferNativeTransport, udpReadBatch);
    }

    public TransportConfig withUdpReceiveBufferBytes(int bytes) {
        return new TransportConfig(listeners, eventLoops, maxMessageSize, incompleteMessageTimeout,
                idleConnectionTimeout, bytes, preferNativeTransport, udpReadBatch);
    }

    public TransportConfig withPreferNativeTransport(boolean preferNative) {
        return new TransportConfig(listeners, eventLoops, maxMessageSize, incompleteMessageTimeout,
                idleConnectionTimeout, udpReceiveBufferBytes, preferNative, udpReadBatch);
    }

    public TransportConfig withUdpReadBatch(int datagrams) {
        return new TransportConfig(listeners, eventLoops, maxMessageSize, incompleteMessageTimeout,
                idleConnectionTimeout, udpReceiveBufferBytes, preferNativeTransport, datagrams);
    }

    /** {@link #eventLoops()} with 0 resolved to the number of cores. */
    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
