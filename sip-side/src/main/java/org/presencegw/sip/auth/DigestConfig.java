package org.presencegw.sip.auth;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the digest authenticator.
 *
 * @param realm            the protection realm, e.g. the registrar domain (RFC 3261 section 22.1)
 * @param nonceLifetime    how long a nonce is accepted; after that the client gets {@code stale=true}
 * @param algorithms       offered algorithms, preferred first (RFC 7616 section 3.7: SHA-256 before MD5)
 * @param maxTrackedNonces how many nonces' last nonce-count are remembered for replay detection
 */
public record DigestConfig(String realm, Duration nonceLifetime, List<DigestAlgorithm> algorithms,
                           int maxTrackedNonces) {

    public DigestConfig {
        Objects.requireNonNull(realm, "realm");
        if (realm.isEmpty() || realm.contains("\"") || realm.contains("\\")) {
            throw new IllegalArgumentException("realm must be non-empty without quotes or backslashes");
        }
        if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
            throw new IllegalArgumentException("nonce lifetime must be positive");
        }
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty() || algorithms.size() != algorithms.stream().distinct().count()) {
            throw new IllegalArgumentException("need one or more distinct algorithms");
        }
        if (maxTrackedNonces < 1) {
            throw new IllegalArgumentException("maxTrackedNonces must be positive");
        }
    }

    /** SHA-256 and MD5, 300-second nonces, 10 000 tracked nonces. */
    public static DigestConfig defaults(String realm) {
        return new DigestConfig(realm, Duration.ofSeconds(300), List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5),
                10_000);
    }
}
