package io.midreg.sip.stack;

import java.util.concurrent.ThreadLocalRandom;

/** Random tags for To/From (RFC 3261 §19.3: at least 32 bits of randomness). */
public final class Tags {
    private Tags() {
    }

    public static String random() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
