package io.midreg.sip.transaction;

import io.midreg.sip.header.Via;
import java.security.SecureRandom;

/**
 * Random identifiers the transaction layer writes: Via branch ids ({@code z9hG4bK} + 96 random
 * bits, RFC 3261 §8.1.1.7) and To/From tags (64 bits, §19.3). Unique and not guessable; one
 * {@link SecureRandom} per generator, seeded once by the JDK. Thread-safe.
 */
public final class BranchGenerator {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final SecureRandom random;

    public BranchGenerator() {
        this(new SecureRandom());
    }

    public BranchGenerator(SecureRandom random) {
        this.random = random;
    }

    /** A new branch id starting with the magic cookie. */
    public String newBranch() {
        return Via.MAGIC_COOKIE + hex(12);
    }

    /** A new tag for To or From. */
    public String newTag() {
        return hex(8);
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        char[] c = new char[bytes * 2];
        for (int i = 0; i < bytes; i++) {
            c[2 * i] = HEX[(b[i] >> 4) & 0xf];
            c[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(c);
    }
}
