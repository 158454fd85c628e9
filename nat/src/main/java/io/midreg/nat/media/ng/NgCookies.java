package io.midreg.nat.media.ng;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the cookie of each ng request: a random prefix per client and a counter. RTPEngine keeps
 * the replies it sent by cookie alone (not by sender) and answers a cookie it has seen from that
 * cache, so a cookie must never repeat, neither within a run nor across restarts of midreg or
 * between two midregs sharing one RTPEngine: the random prefix takes care of the latter.
 */
final class NgCookies {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    NgCookies() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.prefix = HexFormat.of().formatHex(random) + "_";
    }

    String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
