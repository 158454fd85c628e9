/**
 * The client of RTPEngine's ng control protocol: requests over UDP as a cookie and a bencoded
 * dictionary, replies matched by cookie, retransmission with the same cookie, typed commands
 * (ping, offer, answer, delete, query) and typed failures. Uses nothing of midreg's but the
 * {@code sip} module's timer interface.
 */
package io.midreg.nat.media.ng;
