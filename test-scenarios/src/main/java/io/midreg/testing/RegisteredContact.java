package io.midreg.testing;

import java.util.Optional;

/**
 * One binding of an AOR as Kamailio's usrloc holds it ({@code kamcmd ul.lookup}).
 *
 * @param uri            the Contact URI
 * @param expiresSeconds seconds left
 * @param callId         Call-ID of the REGISTER that last wrote it
 * @param cseq           CSeq of that REGISTER
 * @param path           the Path it was registered with, if any
 * @param received       the source address Kamailio recorded, if any
 * @param userAgent      the registering User-Agent, if any
 */
public record RegisteredContact(String uri, long expiresSeconds, String callId, long cseq, Optional<String> path,
                                Optional<String> received, Optional<String> userAgent) {
}
