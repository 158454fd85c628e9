package io.midreg.proxy;

/**
 * What request validation (RFC 3261 §16.3) decided. An ACK is never answered: the caller drops
 * an ACK that is not {@link Forward}.
 */
public sealed interface Validation {
    /** Go on to Route pre-processing and forwarding. */
    record Forward() implements Validation {
    }

    /**
     * Max-Forwards reached 0 on an OPTIONS: not forwarded, but midreg may answer it itself as
     * the final recipient (§16.3 step 3, §11), as it answers an OPTIONS addressed to it.
     */
    record AnswerLocally() implements Validation {
    }

    /**
     * Answer with this status and reason, not forwarded.
     *
     * @param unsupported the Unsupported header value for a 420, else null
     */
    record Reject(int status, String reason, String unsupported) implements Validation {
    }

    Forward FORWARD = new Forward();
    AnswerLocally ANSWER_LOCALLY = new AnswerLocally();
}
