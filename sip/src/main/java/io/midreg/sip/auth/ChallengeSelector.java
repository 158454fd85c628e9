package io.midreg.sip.auth;

import java.util.List;
import java.util.Optional;

/**
 * Picks one challenge out of several WWW-Authenticate / Proxy-Authenticate values of one response (RFC 8760 §2.4:
 * a server offers each algorithm in its own header). Chooses the strongest supported hash; among equals, the first
 * listed, since servers list their preferred challenge first. Values that do not parse, are not Digest or use an
 * unsupported algorithm are skipped.
 */
public final class ChallengeSelector {

    private ChallengeSelector() {
    }

    /** The strongest parseable, supported Digest challenge among {@code headerValues}. */
    public static Optional<DigestChallenge> strongest(List<String> headerValues) {
        return select(headerValues, null);
    }

    /** The strongest challenge {@code secret} can answer (realm and hash of a precomputed HA1 must match). */
    public static Optional<DigestChallenge> strongest(List<String> headerValues, DigestSecret secret) {
        return select(headerValues, secret);
    }

    private static Optional<DigestChallenge> select(List<String> headerValues, DigestSecret secret) {
        DigestChallenge best = null;
        for (String value : headerValues) {
            DigestChallenge candidate;
            try {
                candidate = DigestChallenge.parse(value);
            } catch (DigestParseException unusable) {
                continue; // another scheme, an algorithm we lack, or garbage: another header may still do
            }
            if (secret != null && !DigestClient.canAnswer(candidate, secret)) {
                continue;
            }
            if (best == null || candidate.algorithm().strength() > best.algorithm().strength()) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }
}
