package io.midreg.proxy;

import io.midreg.sip.message.SipResponse;
import java.util.List;

/**
 * A response to send upstream on the server transaction (RFC 3261 §16.7 steps 5–9): either one
 * received from a branch, forwarded with midreg's Via removed, or one midreg makes itself
 * ({@code response} null: 408 when no branch answered, 500 in place of a 503, §16.7 step 6).
 * Immutable.
 *
 * @param addWwwAuthenticate   WWW-Authenticate values of the other branches' 401 and 407
 *                             responses, to add unchanged (§16.7 step 7); empty otherwise
 * @param addProxyAuthenticate the same for Proxy-Authenticate
 */
public record Upstream(int status, SipResponse response, List<String> addWwwAuthenticate,
                       List<String> addProxyAuthenticate) {
    public Upstream {
        addWwwAuthenticate = List.copyOf(addWwwAuthenticate);
        addProxyAuthenticate = List.copyOf(addProxyAuthenticate);
    }

    /** A received response, forwarded as it is (apart from the Via). */
    public static Upstream relay(SipResponse response) {
        return new Upstream(response.status(), response, List.of(), List.of());
    }

    /** A response midreg generates with this status. */
    public static Upstream local(int status) {
        return new Upstream(status, null, List.of(), List.of());
    }

    public boolean isLocal() {
        return response == null;
    }
}
