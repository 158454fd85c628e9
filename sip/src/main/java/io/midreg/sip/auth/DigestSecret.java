package io.midreg.sip.auth;

import java.util.Objects;
import java.util.Optional;

/** What a client knows to answer a challenge: a password, or an HA1 precomputed for one realm and hash function. */
public sealed interface DigestSecret permits DigestSecret.Password, DigestSecret.PrecomputedHa1 {

    /** The user name to authenticate as. */
    String username();

    /** The stored-form HA1 (lower-case hex) for this realm and algorithm, or empty if this secret cannot answer. */
    Optional<String> ha1Hex(DigestAlgorithm algorithm, String realm);

    /**
     * A clear-text password; it answers any realm and algorithm.
     *
     * @param username user name
     * @param password password, hashed as UTF-8
     */
    record Password(String username, String password) implements DigestSecret {

        /** Rejects nulls. */
        public Password {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public Optional<String> ha1Hex(DigestAlgorithm algorithm, String realm) {
            return Optional.of(Ha1.compute(algorithm, username, realm, password));
        }

        /** Keeps the password out of logs. */
        @Override
        public String toString() {
            return "Password[username=" + username + ", password=***]";
        }
    }

    /**
     * An HA1 computed elsewhere (e.g. {@code auth_ha1} in the configuration); answers only its realm and hash function.
     *
     * @param username  user name
     * @param realm     realm the HA1 was computed for
     * @param algorithm hash function it was computed with (its "-sess" variant is answerable too)
     * @param ha1Hex    the HA1 in hex
     */
    record PrecomputedHa1(String username, String realm, DigestAlgorithm algorithm, String ha1Hex)
            implements DigestSecret {

        /** Rejects nulls and an HA1 that is not hex of the algorithm's length; stores it in lower case. */
        public PrecomputedHa1 {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(algorithm, "algorithm");
            String normalized = Hex.normalize(ha1Hex, algorithm.digestLength());
            if (normalized == null) {
                throw new IllegalArgumentException("HA1 must be " + algorithm.hexLength() + " hex digits for "
                        + algorithm.token());
            }
            ha1Hex = normalized;
        }

        @Override
        public Optional<String> ha1Hex(DigestAlgorithm wanted, String wantedRealm) {
            return wanted.base() == algorithm.base() && realm.equals(wantedRealm)
                    ? Optional.of(ha1Hex) : Optional.empty();
        }

        /** Keeps the HA1 (password-equivalent for this realm) out of logs. */
        @Override
        public String toString() {
            return "PrecomputedHa1[username=" + username + ", realm=" + realm + ", algorithm=" + algorithm
                    + ", ha1Hex=***]";
        }
    }
}
