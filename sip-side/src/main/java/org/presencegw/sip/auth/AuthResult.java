package org.presencegw.sip.auth;

import java.util.List;
import java.util.Objects;

/** The outcome of checking a request's credentials. */
public sealed interface AuthResult {

    /** The credentials are valid for {@code username}. */
    record Authenticated(String username) implements AuthResult {
        public Authenticated {
            Objects.requireNonNull(username, "username");
        }
    }

    /**
     * Answer 401 (or 407) with one WWW-Authenticate (Proxy-Authenticate) header per value, preferred algorithm
     * first (RFC 7616 section 3.7). {@code stale} tells the client its password was right but the nonce was not.
     */
    record Challenge(List<String> headerValues, boolean stale) implements AuthResult {
        public Challenge {
            headerValues = List.copyOf(headerValues);
            if (headerValues.isEmpty()) {
                throw new IllegalArgumentException("a challenge needs at least one header value");
            }
        }
    }

    /** Answer with this status and reason, without a challenge: malformed credentials (400) or a replay (403). */
    record Failure(int status, String reason) implements AuthResult {
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
