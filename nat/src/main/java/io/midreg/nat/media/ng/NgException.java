package io.midreg.nat.media.ng;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why an ng request failed: no reply after every try ({@link NgTimeoutException}), RTPEngine
 * answered {@code result=error} ({@link NgErrorException}), the reply was not an ng reply
 * ({@link NgMalformedReplyException}), or the request could not be sent
 * ({@link NgSendException}). Request futures fail with exactly these.
 */
public abstract sealed class NgException extends Exception
        permits NgTimeoutException, NgErrorException, NgMalformedReplyException, NgSendException {
    private static final long serialVersionUID = 1L;

    private final InetSocketAddress rtpengine;

    NgException(InetSocketAddress rtpengine, String message, Throwable cause) {
        super(message + " (rtpengine " + rtpengine + ")", cause);
        this.rtpengine = rtpengine;
    }

    /** The RTPEngine instance the request went to. */
    public InetSocketAddress rtpengine() {
        return rtpengine;
    }

    /**
     * The ng failure inside what a future's dependent stage or {@code join()/get()} sees
     * (CompletableFuture wraps it in a CompletionException or ExecutionException).
     */
    public static Optional<NgException> of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t instanceof NgException ng ? Optional.of(ng) : Optional.empty();
    }
}
