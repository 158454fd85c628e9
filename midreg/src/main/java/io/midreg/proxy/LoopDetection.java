package io.midreg.proxy;

import io.midreg.sip.header.NameAddress;
import io.midreg.sip.header.Via;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;

/**
 * The loop-detection half of the branch ids midreg writes (RFC 3261 §16.6 step 8) and the check
 * that uses it (§16.3 step 4). A branch is {@code z9hG4bK <loop key> "." <unique part>}. The loop
 * key hashes what decides how the request is routed as it reached midreg — the Request-URI as
 * received and the Route header fields — and what identifies it: From tag, To tag, Call-ID,
 * CSeq, Proxy-Require and Proxy-Authorization. A request that comes back carrying a Via of ours
 * whose branch has the key the request has now went round unchanged: a loop, answered 482. A
 * different key is a spiral and is forwarded again: the Request-URI was retargeted (the PBX
 * turned an extension into a device's contact), or the Route set was consumed on the way (an
 * in-dialog request between two devices behind midreg, through a record-routing PBX, passes
 * midreg twice with the same Request-URI, and must not be taken for a loop).
 *
 * <p>The top Via, which §16.6 step 8 suggests hashing too, is left out on purpose: in a real loop
 * the request comes back with another element's Via on top, so hashing it would never match.
 * Stateless and thread-safe; a 64-bit FNV-1a hash, not a secret (it only has to be stable).
 */
public final class LoopDetection {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private LoopDetection() {
    }

    /** The loop key of {@code request} as received: 16 lower-case hex digits. */
    public static String loopKey(SipRequest request) {
        long h = FNV_OFFSET;
        h = mix(h, request.requestUriText());
        for (String route : request.headerLines(HeaderName.ROUTE)) h = mix(h, route);
        h = mix(h, tag(request.from()));
        h = mix(h, tag(request.to()));
        h = mix(h, request.callId());
        h = mix(h, request.cseq() == null ? null : request.cseq().number() + " " + request.cseq().method());
        for (String s : request.proxyRequire()) h = mix(h, s);
        for (String s : request.proxyAuthorizations()) h = mix(h, s);
        String hex = Long.toHexString(h);
        return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
    }

    /** A branch for one forwarded copy: the magic cookie, the loop key, a dot and {@code unique}. */
    public static String branch(String loopKey, String unique) {
        if (unique.isEmpty()) throw new IllegalArgumentException("the unique part of a branch must not be empty");
        return Via.MAGIC_COOKIE + loopKey + "." + unique;
    }

    /**
     * RFC 3261 §16.3 step 4: whether {@code request} went through midreg before unchanged — one
     * of its Vias is ours (sent-by one of {@code local}) and carries this request's loop key.
     */
    public static boolean isLoop(SipRequest request, LocalInterfaces local) {
        String prefix = null;
        for (Via v : request.vias()) {
            if (!local.wrote(v)) continue;
            if (prefix == null) prefix = Via.MAGIC_COOKIE + loopKey(request) + ".";
            String b = v.branch();
            if (b != null && b.startsWith(prefix)) return true;
        }
        return false;
    }

    private static String tag(NameAddress a) {
        return a == null ? null : a.tag();
    }

    private static long mix(long h, String s) {
        if (s != null) {
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= FNV_PRIME;
            }
        }
        h ^= 0x1f; // a separator, so ("ab","c") and ("a","bc") differ
        return h * FNV_PRIME;
    }
}
