package io.midreg.upstream.targets;

import java.nio.charset.StandardCharsets;

/**
 * Weighted rendezvous (highest random weight) hashing: each (AOR, target) pair gets a score
 * from a hash fixed across JVMs, and an AOR goes to the target of highest score. The same AOR
 * picks the same target after a restart with nothing stored; taking a target away moves only
 * the AORs that were on it; a target's share of AORs is its weight over the sum of the weights.
 */
public final class Rendezvous {
    /** Stands in for weight 0: such a target is chosen only when no target of positive weight is in the running. */
    private static final double ZERO_WEIGHT = 1e-9;

    private Rendezvous() {
    }

    /** The score of {@code target} for {@code aor}; higher wins. Uses -w / ln(u) with u uniform in (0,1). */
    public static double score(String aor, Candidate target) {
        long h = mix(fnv1a(aor) ^ Long.rotateLeft(fnv1a(target.name()), 31));
        double u = ((h >>> 11) + 0.5) / (double) (1L << 53);
        double w = target.weight() == 0 ? ZERO_WEIGHT : target.weight();
        return -w / Math.log(u);
    }

    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finaliser: spreads the bits so close inputs give unrelated scores. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
