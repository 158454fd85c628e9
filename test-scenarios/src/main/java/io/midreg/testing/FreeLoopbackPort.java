package io.midreg.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks a 127.0.0.1 port that is free for both UDP and TCP, so a SIP peer can listen on both. */
public final class FreeLoopbackPort {
    private static final int ATTEMPTS = 50;

    private FreeLoopbackPort() {
    }

    /**
     * A port free right now on UDP and TCP. Another process may take it before the caller binds
     * it: callers that start a server retry with a new port when the bind fails.
     */
    public static int pick() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < ATTEMPTS; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                    return port;
                } catch (IOException udpTaken) {
                    // the TCP port is free but its UDP twin is not: try another
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot bind a TCP socket on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on 127.0.0.1 after " + ATTEMPTS + " attempts");
    }
}
