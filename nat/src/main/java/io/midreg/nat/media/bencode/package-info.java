/**
 * Bencode (BitTorrent BEP 3), the encoding of RTPEngine's ng control protocol: byte strings,
 * integers, lists and dictionaries; a canonical encoder and a strict, bounded decoder whose only
 * exception is {@link io.midreg.nat.media.bencode.BencodeException}.
 */
package io.midreg.nat.media.bencode;
