package io.midreg.proxy;

import io.midreg.sip.message.SipResponse;

/**
 * The final outcome of one branch: a response received, or a status midreg stands in for one
 * (408 after timer B or timer C, RFC 3261 §16.8; 503 for a transport error, §16.9; 480 for a
 * device whose connection is gone). Immutable.
 *
 * @param response the response received, or null when the status is midreg's own
 */
public record BranchOutcome(int status, SipResponse response) {
    public static BranchOutcome received(SipResponse response) {
        return new BranchOutcome(response.status(), response);
    }

    public static BranchOutcome local(int status) {
        return new BranchOutcome(status, null);
    }
}
