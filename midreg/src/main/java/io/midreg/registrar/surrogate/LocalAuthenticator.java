package io.midreg.registrar.surrogate;

import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.sip.auth.DigestChallenge;
import io.midreg.sip.auth.DigestCredentials;
import io.midreg.sip.auth.DigestParseException;
import io.midreg.sip.auth.DigestVerifier;
import io.midreg.sip.auth.NonceService;
import io.midreg.sip.auth.VerificationResult;
import io.midreg.sip.message.SipRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Digest authentication of devices by midreg itself, for AORs it holds credentials for (RFC
 * 3261 §22, RFC 7616/8760): the challenge offers the AOR's algorithms in the operator's order,
 * one WWW-Authenticate each, with stateless nonces bound to their challenge's algorithm; an
 * Authorization answers it when its realm, user name, algorithm (one that was offered), nonce (one
 * of that algorithm's challenges) and response are right. CPU only (a few hashes): safe on an
 * event loop.
 */
public final class LocalAuthenticator {
    /** What a REGISTER's credentials prove; every outcome but OK, STALE and MISSING is a failure counted by its reason. */
    public enum Outcome {
        /** A right answer to one of our challenges. */
        OK,
        /** A right answer to a challenge of ours whose nonce expired: challenge again with stale=true. */
        STALE,
        /** No credentials for our realm. */
        MISSING,
        /** An algorithm midreg does not offer this AOR (e.g. SHA-256 when only MD5 is offered, or an unknown one). */
        ALGORITHM_NOT_OFFERED,
        /** Another user name than the AOR's credential, or a hashed one. */
        WRONG_USER,
        /** A digest-uri other than the Request-URI: the answer was made for another request. */
        WRONG_URI,
        /** A nonce midreg did not issue for a challenge in this algorithm (forged, another realm's, or the other challenge's). */
        WRONG_NONCE,
        /** The response does not match: a wrong password. */
        WRONG_PASSWORD,
        /** Credentials that do not parse, or lack qop, cnonce or nc. */
        MALFORMED;

        /** Whether this is a failed answer (counted); OK, STALE and MISSING are not. */
        public boolean failed() {
            return ordinal() > MISSING.ordinal();
        }

        /** The label of the failure in stats and metrics, e.g. {@code algorithm-not-offered}. */
        public String reason() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final NonceService nonces;

    public LocalAuthenticator(NonceService nonces) {
        this.nonces = nonces;
    }

    /** The first OK or STALE answer among the request's Authorization headers; else the last failure, else MISSING. */
    public Outcome check(SipRequest request, SurrogateCredential credential) {
        Outcome outcome = Outcome.MISSING;
        for (String value : request.authorizations()) {
            DigestCredentials creds;
            try {
                creds = DigestCredentials.parse(value);
            } catch (DigestParseException e) {
                outcome = e.reason() == DigestParseException.Reason.UNSUPPORTED_ALGORITHM ? Outcome.ALGORITHM_NOT_OFFERED : Outcome.MALFORMED;
                continue;
            }
            if (!credential.realm().equals(creds.realm())) continue;
            Outcome o = verify(request, credential, creds);
            if (o == Outcome.OK || o == Outcome.STALE) return o;
            outcome = o;
        }
        return outcome;
    }

    private Outcome verify(SipRequest request, SurrogateCredential credential, DigestCredentials creds) {
        if (creds.userhash() || !credential.username().equals(creds.username())) return Outcome.WRONG_USER;
        DigestAlgorithm algorithm = creds.algorithm();
        if (!credential.challenge().contains(algorithm)) return Outcome.ALGORITHM_NOT_OFFERED;
        // The digest-uri must be this request's Request-URI, or a captured answer would serve another request.
        if (!request.requestUriText().equalsIgnoreCase(creds.uri())) return Outcome.WRONG_URI;
        String ha1 = credential.secret().ha1Hex(algorithm, credential.realm()).orElse(null);
        if (ha1 == null) return Outcome.ALGORITHM_NOT_OFFERED;
        VerificationResult r = new DigestVerifier(nonces, credential.realm()).verify(creds, request.method(), request.body(), ha1, algorithm);
        return switch (r) {
            case OK -> Outcome.OK;
            case STALE_NONCE -> Outcome.STALE;
            case WRONG_RESPONSE -> Outcome.WRONG_PASSWORD;
            case BAD_NONCE, ALGORITHM_MISMATCH, REALM_MISMATCH -> Outcome.WRONG_NONCE;
            case MISSING_PARAMETER, UNSUPPORTED_QOP -> Outcome.MALFORMED;
        };
    }

    /** The WWW-Authenticate values of a 401 for {@code credential}'s AOR: one per algorithm, in the AOR's order. */
    public List<String> challenges(SurrogateCredential credential, boolean stale) {
        List<String> out = new ArrayList<>(credential.challenge().size());
        for (DigestAlgorithm a : credential.challenge()) {
            out.add(DigestChallenge.create(credential.realm(), nonces.issue(credential.realm(), a), a, stale).toHeaderValue());
        }
        return out;
    }
}
