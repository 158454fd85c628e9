package io.midreg.nat.media.bencode;

/**
 * Bounds on what the decoder accepts, so hostile input costs bounded stack and memory: nesting
 * depth (the decoder recurses once per level) and total input length.
 *
 * @param maxDepth  lists and dictionaries nested at most this deep (1: a flat dictionary)
 * @param maxLength input of at most this many bytes
 */
public record BencodeLimits(int maxDepth, int maxLength) {
    /**
     * 32 levels (an ng query reply nests 7) and 64 KiB, the most one UDP datagram carries.
     */
    public static final BencodeLimits DEFAULT = new BencodeLimits(32, 65_536);

    public BencodeLimits {
        if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        if (maxLength < 1) throw new IllegalArgumentException("maxLength must be at least 1: " + maxLength);
    }
}
