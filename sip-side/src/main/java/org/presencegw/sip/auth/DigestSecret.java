package org.presencegw.sip.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** What the caller knows about a user's password: the password itself or a stored H(A1) for one algorithm. */
public sealed interface DigestSecret {

    /** H(A1) for {@code algorithm}, or empty when this secret cannot produce it. */
    Optional<String> ha1(DigestAlgorithm algorithm, String username, String realm);

    /** A clear-text password; works with every algorithm. */
    record Password(String password) implements DigestSecret {
        public Password {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public Optional<String> ha1(DigestAlgorithm algorithm, String username, String realm) {
            return Optional.of(DigestResponse.ha1(algorithm, username, realm, password));
        }

        @Override
        public String toString() {
            return "Password[***]";
        }
    }

    /** A stored H(A1) = H(username:realm:password), usable only with its own algorithm. */
    record Ha1(DigestAlgorithm algorithm, String hex) implements DigestSecret {
        public Ha1 {
            Objects.requireNonNull(algorithm, "algorithm");
            hex = hex.toLowerCase(Locale.ROOT);
        }

        @Override
        public Optional<String> ha1(DigestAlgorithm wanted, String username, String realm) {
            return wanted == algorithm ? Optional.of(hex) : Optional.empty();
        }

        @Override
        public String toString() {
            return "Ha1[" + algorithm + ", ***]";
        }
    }
}
