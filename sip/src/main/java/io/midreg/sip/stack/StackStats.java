package io.midreg.sip.stack;

import java.util.Map;

/**
 * @param requests          well-formed requests passed up
 * @param responses         well-formed responses passed up
 * @param rejected          malformed requests answered with an error status (400, 505, 513)
 * @param droppedMalformed  malformed messages dropped without an answer (responses, ACKs, requests without a usable Via)
 * @param framingErrors     TCP/TLS streams that could not be framed (connection closed)
 * @param sent              messages sent through the transaction layer (requests, responses, retransmissions)
 * @param rejectedByHeader  of {@code rejected}, those refused for a header (missing, repeated or malformed), by its
 *                          name; {@code header-line} for a header line whose name cannot be read
 */
public record StackStats(long requests, long responses, long rejected, long droppedMalformed, long framingErrors, long sent,
                         Map<String, Long> rejectedByHeader) {
}
