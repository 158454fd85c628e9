package io.midreg.nat.media.ng;

import java.net.InetSocketAddress;

/**
 * A reply matched the request's cookie but is not an ng reply: broken bencode, no dictionary, no
 * or an unknown {@code result}, or a field of the wrong type.
 */
public final class NgMalformedReplyException extends NgException {
    private static final long serialVersionUID = 1L;

    NgMalformedReplyException(InetSocketAddress rtpengine, String detail, Throwable cause) {
        super(rtpengine, "malformed reply: " + detail, cause);
    }
}
