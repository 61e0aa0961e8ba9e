package org.presencegw.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Digest authentication for SIP requests (RFC 3261 section 22, RFC 7616), qop=auth with MD5 and SHA-256.
 * Nonces are stateless (time stamp plus HMAC, see {@link NonceCodec}); nonce-counts are tracked per nonce in a
 * bounded map to refuse replays. Credentials are looked up through the caller's {@link CredentialSource}.
 *
 * <p>This class is thread-safe. Passwords and H(A1) values are never logged.
 */
public final class DigestAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(DigestAuthenticator.class);

    /** Nonces dated further ahead than this are not ours (or the clock jumped back): refuse them. */
    private static final long FUTURE_SKEW_MILLIS = 5_000;

    private final DigestConfig config;
    private final Clock clock;
    private final NonceCodec nonces;
    private final NonceCountTracker counts;

    public DigestAuthenticator(DigestConfig config, Clock clock, SecureRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.nonces = new NonceCodec(secret, config.realm(), random);
        this.counts = new NonceCountTracker(config.maxTrackedNonces());
    }

    /** A fresh challenge, one header value per configured algorithm (RFC 7616 section 3.3). */
    public AuthResult.Challenge challenge(boolean stale) {
        String nonce = nonces.issue(clock.instant());
        List<String> values = config.algorithms().stream()
                .map(a -> "Digest realm=\"" + config.realm() + "\", nonce=\"" + nonce + "\", opaque=\""
                        + nonces.opaque() + "\", algorithm=" + a.token() + ", qop=\"auth\""
                        + (stale ? ", stale=true" : ""))
                .toList();
        return new AuthResult.Challenge(values, stale);
    }

    /**
     * Checks the credentials of one request.
     *
     * @param method        the request method, e.g. {@code REGISTER}
     * @param requestUri    the Request-URI as received
     * @param authorization the Authorization (or Proxy-Authorization) header value, if any
     * @param users         the caller's users
     */
    public AuthResult authenticate(String method, String requestUri, Optional<String> authorization,
                                   CredentialSource users) {
        if (authorization.isEmpty()) {
            return challenge(false);
        }
        DigestCredentials c;
        try {
            c = DigestCredentials.parse(authorization.get());
        } catch (MalformedCredentialsException e) {
            LOG.warn("malformed credentials: {}", e.getMessage());
            return new AuthResult.Failure(400, "Malformed credentials: " + e.getMessage());
        }
        // RFC 3261 section 22.4 / RFC 7235: credentials for another realm do not answer our challenge.
        if (!c.realm().equals(config.realm())) {
            return challenge(false);
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(c.algorithm().orElse("MD5"))
                .filter(config.algorithms()::contains);
        if (algorithm.isEmpty()) {
            return challenge(false);
        }
        Optional<AuthResult> bad = RequestChecks.refusal(c, method, requestUri, algorithm.get());
        if (bad.isPresent()) {
            LOG.warn("refused credentials of '{}': {}", c.username(), bad.get());
            return bad.get();
        }
        Optional<Instant> issuedAt = nonces.issuedAt(c.nonce());
        Instant now = clock.instant();
        if (issuedAt.isEmpty() || issuedAt.get().toEpochMilli() > now.toEpochMilli() + FUTURE_SKEW_MILLIS
                || (c.opaque().isPresent() && !c.opaque().get().equals(nonces.opaque()))) {
            return challenge(false);
        }
        if (!responseMatches(c, method, algorithm.get(), users)) {
            LOG.info("wrong digest response for '{}'", c.username());
            return challenge(false);
        }
        // RFC 7616 section 3.4: stale=true only when the response was right but the nonce is no longer valid.
        Instant oldestValid = now.minus(config.nonceLifetime());
        if (!issuedAt.get().isAfter(oldestValid)) {
            return challenge(true);
        }
        long nc = Long.parseLong(c.nc().orElseThrow(), 16);
        return switch (counts.use(c.nonce(), issuedAt.get(), nc, oldestValid)) {
            case ACCEPTED -> new AuthResult.Authenticated(c.username());
            case FORGOTTEN -> challenge(true);
            case REPLAYED -> {
                LOG.warn("nonce-count {} replayed by '{}'", c.nc().orElseThrow(), c.username());
                yield new AuthResult.Failure(403, "Nonce count replayed");
            }
        };
    }

    private boolean responseMatches(DigestCredentials c, String method, DigestAlgorithm algorithm,
                                    CredentialSource users) {
        Optional<String> ha1 = users.secretFor(c.username()).flatMap(s -> s.ha1(algorithm, c.username(), c.realm()));
        if (ha1.isEmpty()) {
            return false;
        }
        String expected = DigestResponse.compute(algorithm, ha1.get(), c.nonce(), c.nc().orElseThrow(),
                c.cnonce().orElseThrow(), method, c.uri());
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                c.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
