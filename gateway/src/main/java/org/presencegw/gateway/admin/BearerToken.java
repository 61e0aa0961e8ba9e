package org.presencegw.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The admin listener's bearer token (RFC 6750 2.1: {@code Authorization: Bearer <token>}). The comparison takes the
 * same time whatever the candidate: both sides are hashed with SHA-256 first (so the length does not show either)
 * and the digests compared with {@link MessageDigest#isEqual}, which is constant-time.
 */
final class BearerToken {
    private static final String SCHEME = "bearer ";

    private final Optional<byte[]> expected;

    /** @param token the configured token; empty: every request is allowed */
    BearerToken(Optional<String> token) {
        this.expected = token.map(BearerToken::digest);
    }

    /** Whether a token is configured at all. */
    boolean required() {
        return expected.isPresent();
    }

    /** Whether a request with this {@code Authorization} header value (null when absent) may pass. */
    boolean admits(String authorization) {
        if (expected.isEmpty()) {
            return true;
        }
        String candidate = "";
        if (authorization != null && authorization.length() > SCHEME.length()
                && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            candidate = authorization.substring(SCHEME.length()).strip();
        }
        boolean equal = MessageDigest.isEqual(expected.get(), digest(candidate));
        return equal && !candidate.isEmpty();
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
