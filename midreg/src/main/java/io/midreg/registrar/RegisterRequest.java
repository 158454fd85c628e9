package io.midreg.registrar;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import java.util.List;

/**
 * A device REGISTER as the registrar sees it.
 *
 * @param message     the request
 * @param flow        where it came from (stored with the binding: a NAT'd device is reached there)
 * @param aor         normalised address-of-record
 * @param contacts    the contacts, empty for a query or a wildcard
 * @param wildcard    {@code Contact: *} with Expires: 0
 * @param callId      Call-ID
 * @param cseq        CSeq number
 * @param path        Path header values, in order
 * @param userAgent   User-Agent or null
 */
public record RegisterRequest(SipRequest message, Flow flow, String aor, List<RequestedContact> contacts, boolean wildcard,
                              String callId, long cseq, List<String> path, String userAgent) {
    public boolean isQuery() {
        return contacts.isEmpty() && !wildcard;
    }

    public boolean removesSomething() {
        return wildcard || contacts.stream().anyMatch(c -> c.expires() == 0);
    }
}
