/**
 * STUN on the SIP UDP ports: the keep-alive subset of RFC 5389 that RFC 5626 §8 asks of an edge
 * proxy (Binding requests answered with XOR-MAPPED-ADDRESS and FINGERPRINT), the message codec
 * behind it, and the answers to RFC 3489 clients that RFC 5389 §12.2 asks servers to keep.
 */
package io.midreg.nat.stun;
