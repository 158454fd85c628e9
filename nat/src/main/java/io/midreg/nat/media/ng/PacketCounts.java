package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BDict;

/** Packets, bytes and errors RTPEngine counted for a stream or a call (ng {@code stats}/{@code totals}). */
public record PacketCounts(long packets, long bytes, long errors) {
    public static final PacketCounts ZERO = new PacketCounts(0, 0, 0);

    static PacketCounts of(BDict stats) {
        return new PacketCounts(stats.integer("packets").orElse(0L), stats.integer("bytes").orElse(0L), stats.integer("errors").orElse(0L));
    }
}
