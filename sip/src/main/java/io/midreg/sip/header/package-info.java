/**
 * Typed values of the header fields midreg reads (Via, CSeq, Contact and name-addr headers),
 * parsed on demand from a message's bytes (RFC 3261 §20). Depends on {@code io.midreg.sip.uri}
 * and {@code io.midreg.sip.syntax}, never on the message that holds the bytes.
 */
package io.midreg.sip.header;
