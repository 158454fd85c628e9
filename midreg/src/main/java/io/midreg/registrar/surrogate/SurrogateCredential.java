package io.midreg.registrar.surrogate;

import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.sip.auth.DigestSecret;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What midreg knows to register an AOR upstream in its own name, and to authenticate that AOR's
 * devices locally: the same user name, realm and secret serve both. {@link #toString()} never
 * shows the secret (the secret's own toString redacts it too).
 *
 * @param aor       the normalised AOR, e.g. {@code sip:alice@example.com}
 * @param realm     the digest realm: midreg challenges devices with it, and an HA1 answers only it upstream
 * @param secret    a password, or an HA1 precomputed for {@code realm}; carries the user name
 * @param challenge the algorithms midreg challenges this AOR's devices with, one WWW-Authenticate each, in
 *                  this order (RFC 8760 §2.4: the server's preference first); each one the secret can verify
 */
public record SurrogateCredential(String aor, String realm, DigestSecret secret, List<DigestAlgorithm> challenge) {
    /**
     * What devices are challenged with unless the operator says otherwise: MD5 alone. RFC 8760
     * prefers SHA-256, but MD5-only clients (libre/baresip, many deployed phones) take the first
     * challenge, cannot answer SHA-256, and never register.
     */
    public static final List<DigestAlgorithm> DEFAULT_CHALLENGE = List.of(DigestAlgorithm.MD5);

    public SurrogateCredential {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(secret, "secret");
        challenge = List.copyOf(challenge);
        if (challenge.isEmpty()) throw new IllegalArgumentException("a challenge needs at least one algorithm");
        if (new HashSet<>(challenge).size() != challenge.size()) throw new IllegalArgumentException("an algorithm is offered twice: " + challenge);
        for (DigestAlgorithm a : challenge) {
            if (a.isSession()) throw new IllegalArgumentException(a.token() + " is not offered (no -sess variants)");
            if (!canVerify(secret, realm, a)) throw new IllegalArgumentException("the secret cannot verify " + a.token());
        }
    }

    /** With the default challenge. */
    public SurrogateCredential(String aor, String realm, DigestSecret secret) {
        this(aor, realm, secret, DEFAULT_CHALLENGE);
    }

    /** Whether {@code secret} can check a device's answer in {@code algorithm} (a password can always; an HA1 only its own). */
    public static boolean canVerify(DigestSecret secret, String realm, DigestAlgorithm algorithm) {
        return secret.ha1Hex(algorithm, realm).isPresent();
    }

    public String username() {
        return secret.username();
    }

    /** Whether {@code other} registers upstream with the same identity (realm and secret); the device challenge may differ. */
    public boolean sameUpstreamIdentity(SurrogateCredential other) {
        return other != null && aor.equals(other.aor) && realm.equals(other.realm) && secret.equals(other.secret);
    }

    @Override
    public String toString() {
        return "SurrogateCredential[aor=" + aor + ", username=" + secret.username() + ", realm=" + realm + ", challenge=" + challenge + ", secret=***]";
    }
}
