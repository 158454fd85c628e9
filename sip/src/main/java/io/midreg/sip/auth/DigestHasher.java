package io.midreg.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Computes H(a ":" b ":" c ...) feeding the parts straight into the MessageDigest: ASCII goes through a small scratch
 * buffer, intermediate digests are fed as hex without making strings. One instance per computation, not thread-safe.
 */
final class DigestHasher {

    private final MessageDigest digest;
    private final byte[] scratch = new byte[64];
    private boolean firstPart = true;

    DigestHasher(DigestAlgorithm algorithm) {
        this.digest = algorithm.newMessageDigest();
    }

    /** Appends a part, UTF-8 encoded, preceded by ':' unless it is the first. */
    DigestHasher add(CharSequence part) {
        separator();
        int length = part.length();
        int filled = 0;
        for (int i = 0; i < length; i++) {
            char c = part.charAt(i);
            if (c >= 0x80) {
                // Rare (non-ASCII user name or password): let the JDK encode the rest, surrogates included.
                digest.update(scratch, 0, filled);
                digest.update(part.subSequence(i, length).toString().getBytes(StandardCharsets.UTF_8));
                return this;
            }
            scratch[filled++] = (byte) c;
            if (filled == scratch.length) {
                digest.update(scratch, 0, filled);
                filled = 0;
            }
        }
        digest.update(scratch, 0, filled);
        return this;
    }

    /** Appends a previous digest as lower-case hex, preceded by ':' unless it is the first part. */
    DigestHasher addHex(byte[] previousDigest) {
        separator();
        int perChunk = scratch.length / 2;
        for (int from = 0; from < previousDigest.length; from += perChunk) {
            int n = Math.min(perChunk, previousDigest.length - from);
            Hex.encode(previousDigest, from, n, scratch, 0);
            digest.update(scratch, 0, 2 * n);
        }
        return this;
    }

    /** Returns the digest of the parts added so far and starts afresh. */
    byte[] finish() {
        firstPart = true;
        return digest.digest();
    }

    private void separator() {
        if (!firstPart) {
            digest.update((byte) ':');
        }
        firstPart = false;
    }
}
