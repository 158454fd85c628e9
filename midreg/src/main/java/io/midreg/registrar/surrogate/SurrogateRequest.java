package io.midreg.registrar.surrogate;

import io.midreg.sip.auth.DigestSecret;
import io.midreg.upstream.UpstreamContact;
import java.util.List;
import java.util.Objects;

/**
 * One REGISTER midreg sends upstream in its own name for an AOR it holds credentials for.
 *
 * @param aor         the AOR (From and To)
 * @param callId      midreg's own Call-ID for this registration, kept across refreshes (RFC 3261 §10.2.4)
 * @param cseq        the CSeq of the first REGISTER of this attempt (a digest answer or 423 retry uses the next ones)
 * @param contacts    midreg's token Contacts to register, each with the lifetime asked (0 removes it)
 * @param removedUris other Contact URIs to remove (Expires 0), e.g. those a de-registration names
 * @param secret      what answers the upstream's challenge
 */
public record SurrogateRequest(String aor, String callId, long cseq, List<UpstreamContact> contacts, List<String> removedUris,
                               DigestSecret secret) {
    public SurrogateRequest {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(secret, "secret");
        contacts = List.copyOf(contacts);
        removedUris = List.copyOf(removedUris);
        if (cseq < 1) throw new IllegalArgumentException("cseq must be at least 1");
        if (contacts.isEmpty() && removedUris.isEmpty()) throw new IllegalArgumentException("a surrogate REGISTER needs a Contact");
    }

    /** The same request with the next CSeq (a digest answer or a 423 retry is a new request, RFC 3261 §8.1.3.5). */
    SurrogateRequest next(List<UpstreamContact> newContacts) {
        return new SurrogateRequest(aor, callId, cseq + 1, newContacts, removedUris, secret);
    }
}
