package io.midreg.surrogate;

import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.sip.auth.DigestSecret;
import java.util.List;
import java.util.Objects;

/**
 * What midreg knows to register an AOR upstream in its own name, and to authenticate that AOR's
 * devices locally: the same user name, realm and secret serve both. {@link #toString()} never
 * shows the secret (the secret's own toString redacts it too).
 *
 * @param aor      the normalised AOR, e.g. {@code sip:alice@example.com}
 * @param realm    the digest realm: midreg challenges devices with it, and an HA1 answers only it upstream
 * @param secret   a password, or an HA1 precomputed for {@code realm}; carries the user name
 */
public record SurrogateCredential(String aor, String realm, DigestSecret secret) {
    public SurrogateCredential {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(secret, "secret");
    }

    public String username() {
        return secret.username();
    }

    /**
     * The algorithms midreg challenges devices with, preferred first (RFC 8760: SHA-256 before
     * MD5): both for a password, only its own for an HA1.
     */
    public List<DigestAlgorithm> localAlgorithms() {
        if (secret instanceof DigestSecret.PrecomputedHa1 h) return List.of(h.algorithm().base());
        return List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
    }

    @Override
    public String toString() {
        return "SurrogateCredential[aor=" + aor + ", username=" + secret.username() + ", realm=" + realm + ", secret=***]";
    }
}
