package io.midreg.proxy;

import io.midreg.sip.header.InvalidHeaderException;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.uri.InvalidUriException;
import io.midreg.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Request validation before a request is proxied (RFC 3261 §16.3), in the RFC's order: the
 * syntax is already checked by the stack's message validator (step 1); then the Request-URI
 * scheme (step 2, 416), Max-Forwards (step 3, 483, or a local answer for OPTIONS), loop detection
 * (step 4, 482, see {@link LoopDetection}) and Proxy-Require (step 5, 420 with Unsupported).
 * Step 6 (Proxy-Authorization) does not apply: midreg does not authenticate calls, the PBX
 * behind it does, end to end. Immutable and thread-safe.
 */
public final class RequestValidator {
    private final LocalInterfaces local;
    private final Set<String> supportedProxyOptions;

    /** @param supportedProxyOptions option tags midreg honours in Proxy-Require, lower case (usually none) */
    public RequestValidator(LocalInterfaces local, Set<String> supportedProxyOptions) {
        this.local = local;
        this.supportedProxyOptions = Set.copyOf(supportedProxyOptions);
    }

    public Validation validate(SipRequest request) {
        try {
            if (!(request.requestUri() instanceof SipUri)) {
                return new Validation.Reject(416, "Unsupported URI Scheme", null);
            }
        } catch (InvalidUriException e) {
            return new Validation.Reject(400, "Bad Request-URI", null);
        }
        int maxForwards;
        try {
            maxForwards = request.maxForwards();
        } catch (InvalidHeaderException e) {
            return new Validation.Reject(400, "Bad Max-Forwards", null);
        }
        if (maxForwards == 0) {
            return SipMethods.OPTIONS.equals(request.method())
                    ? Validation.ANSWER_LOCALLY
                    : new Validation.Reject(483, "Too Many Hops", null);
        }
        if (LoopDetection.isLoop(request, local)) return new Validation.Reject(482, "Loop Detected", null);
        List<String> unsupported = new ArrayList<>(1);
        for (String tag : request.proxyRequire()) {
            if (!supportedProxyOptions.contains(tag.toLowerCase(Locale.ROOT))) unsupported.add(tag);
        }
        if (!unsupported.isEmpty()) return new Validation.Reject(420, "Bad Extension", String.join(", ", unsupported));
        return Validation.FORWARD;
    }
}
