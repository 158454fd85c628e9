package io.midreg.nat.media;

/**
 * No RTPEngine can take the request: no instance of the set is answering (a new call), or the
 * call has no instance (an answer, delete or query for a call never offered or already deleted).
 * The proxy's policy decides what the call does then (fail with 503, or go on without a relay).
 */
public final class NoRtpengineException extends Exception {
    private static final long serialVersionUID = 1L;

    NoRtpengineException(String message) {
        super(message);
    }
}
