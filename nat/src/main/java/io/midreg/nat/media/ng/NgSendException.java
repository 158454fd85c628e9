package io.midreg.nat.media.ng;

import java.net.InetSocketAddress;

/** The request never left: the client is closed or its socket refused the datagram. */
public final class NgSendException extends NgException {
    private static final long serialVersionUID = 1L;

    NgSendException(InetSocketAddress rtpengine, String detail, Throwable cause) {
        super(rtpengine, "cannot send: " + detail, cause);
    }
}
