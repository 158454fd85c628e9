package io.midreg.sip.auth;

import java.util.Objects;

/** HA1 = H(username ":" realm ":" password), the value a registrar stores instead of the password. */
public final class Ha1 {

    private Ha1() {
    }

    /**
     * Lower-case hex HA1 for the algorithm's hash function. For "-sess" algorithms this is still the stored,
     * nonce-independent form; the session HA1 is derived per request.
     */
    public static String compute(DigestAlgorithm algorithm, String username, String realm, String password) {
        Objects.requireNonNull(password, "password");
        return algorithm.base().hexDigest(username, realm, password);
    }
}
