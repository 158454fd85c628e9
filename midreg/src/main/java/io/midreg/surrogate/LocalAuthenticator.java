package io.midreg.surrogate;

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

/**
 * Digest authentication of devices by midreg itself, for AORs it holds credentials for (RFC
 * 3261 §22, RFC 7616/8760): the challenge offers SHA-256 and MD5 (only the HA1's own with an
 * HA1), with stateless nonces, and an Authorization answers it when its realm, user name,
 * algorithm, nonce and response are right. CPU only (a few hashes): safe on an event loop.
 */
public final class LocalAuthenticator {
    /** What a REGISTER's credentials prove. */
    public enum Outcome {
        /** A right answer to one of our nonces. */
        OK,
        /** A right answer to a nonce of ours that expired: challenge again with stale=true. */
        STALE,
        /** No credentials for our realm. */
        MISSING,
        /** Credentials for our realm that are wrong (user, response, nonce or algorithm). */
        WRONG
    }

    private final NonceService nonces;

    public LocalAuthenticator(NonceService nonces) {
        this.nonces = nonces;
    }

    public Outcome check(SipRequest request, SurrogateCredential credential) {
        Outcome outcome = Outcome.MISSING;
        for (String value : request.authorizations()) {
            DigestCredentials creds;
            try {
                creds = DigestCredentials.parse(value);
            } catch (DigestParseException e) {
                outcome = Outcome.WRONG;
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
        if (creds.userhash() || !credential.username().equals(creds.username())) return Outcome.WRONG;
        DigestAlgorithm algorithm = creds.algorithm();
        if (algorithm.isSession() || !credential.localAlgorithms().contains(algorithm)) return Outcome.WRONG;
        // The digest-uri must be this request's Request-URI, or a captured answer would serve another request.
        if (!request.requestUriText().equalsIgnoreCase(creds.uri())) return Outcome.WRONG;
        String ha1 = credential.secret().ha1Hex(algorithm, credential.realm()).orElse(null);
        if (ha1 == null) return Outcome.WRONG;
        VerificationResult r = new DigestVerifier(nonces, credential.realm()).verify(creds, request.method(), request.body(), ha1, algorithm);
        if (r == VerificationResult.OK) return Outcome.OK;
        return r == VerificationResult.STALE_NONCE ? Outcome.STALE : Outcome.WRONG;
    }

    /** The WWW-Authenticate values of a 401 for {@code credential}'s AOR, preferred algorithm first. */
    public List<String> challenges(SurrogateCredential credential, boolean stale) {
        List<String> out = new ArrayList<>(2);
        for (DigestAlgorithm a : credential.localAlgorithms()) {
            out.add(DigestChallenge.create(credential.realm(), nonces.issue(credential.realm()), a, stale).toHeaderValue());
        }
        return out;
    }
}
