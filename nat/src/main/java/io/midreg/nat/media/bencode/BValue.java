package io.midreg.nat.media.bencode;

/**
 * One bencode value (BitTorrent BEP 3, the encoding of RTPEngine's ng control protocol): a byte
 * string, an integer, a list or a dictionary. Values are immutable, so a decoded reply can be
 * handed between threads as it is.
 */
public sealed interface BValue permits BBytes, BInt, BList, BDict {
}
