package io.midreg.sip.stack;

/**
 * @param requests         well-formed requests passed up
 * @param responses        well-formed responses passed up
 * @param rejected         malformed requests answered with an error status (400, 505, 513)
 * @param droppedMalformed malformed messages dropped without an answer (responses, ACKs, unreadable bytes)
 * @param framingErrors    TCP/TLS streams that could not be framed (connection closed)
 * @param sent             messages sent through the transaction layer (requests, responses, retransmissions)
 */
public record StackStats(long requests, long responses, long rejected, long droppedMalformed, long framingErrors, long sent) {
}
