package io.midreg.nat.media.ng;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** Where the ng client's datagrams go out: the Netty socket, or a fake in unit tests. */
@FunctionalInterface
public interface NgDatagramSender {
    /** Sends {@code datagram} (which the sender must not modify) to {@code to}; never blocks. */
    void send(InetSocketAddress to, byte[] datagram, Consumer<Throwable> onFailure);
}
