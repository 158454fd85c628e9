package io.midreg.config;

import java.util.List;

/**
 * The SIP side: listeners and transport limits.
 *
 * @param listeners      where midreg listens (default: udp and tcp on 127.0.0.1:5060)
 * @param eventLoops     Netty event loops, 0 = one per core (default 0)
 * @param maxMessageSize largest SIP message in octets, 1024..65535 (default 65535)
 * @param udpReceiveBuffer SO_RCVBUF for UDP sockets in octets, 0 = OS default (default 4194304)
 * @param nonInviteLinger  seconds a completed non-INVITE UDP transaction keeps its response for
 *                         retransmissions (RFC 3261 timer J is 32; default 5, as Kamailio's and
 *                         OpenSIPS's wait timer)
 * @param workers          SIP processing threads fed by Call-ID; 0 = process each message on the
 *                         event loop that received it (default 0)
 * @param shutdownGrace    seconds a stopping midreg waits for REGISTERs already relayed upstream
 *                         to be answered, 0..60 (default 5)
 * @param udpReadBatch     datagrams one UDP read takes from the socket (epoll recvmmsg), 1..64
 *                         (default 8)
 * @param idleConnectionTimeout seconds without traffic after which a TCP/TLS connection is
 *                         closed, 0 = never (default 600)
 * @param deviceConnections whether the connections registered devices' bindings sit on are kept
 *                         open past the idle time-out: {@code keepOpen} (default) or {@code idleTimeout}
 */
public record SipSection(List<ListenerSection> listeners, Integer eventLoops, Integer maxMessageSize, Integer udpReceiveBuffer,
                         Integer nonInviteLinger, Integer workers, Integer shutdownGrace,
                         Integer udpReadBatch, Integer idleConnectionTimeout, String deviceConnections) {
}
