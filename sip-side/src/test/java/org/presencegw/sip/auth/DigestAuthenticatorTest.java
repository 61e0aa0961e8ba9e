package org.presencegw.sip.auth;

import org.presencegw.sip.testing.TestClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.testing.DigestAnswers.authorization;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    private static final String URI = "sip:reg.example";
    private static final CredentialSource USERS =
            user -> user.equals("bob") ? Optional.of(new DigestSecret.Password("s3cret")) : Optional.empty();

    private final TestClock clock = TestClock.fixedAt(Instant.parse("2025-01-01T10:00:00Z"));
    private final DigestAuthenticator auth =
            new DigestAuthenticator(DigestConfig.defaults("reg.example"), clock, new SecureRandom());

    private AuthResult verify(String header) {
        return auth.authenticate("REGISTER", URI, Optional.of(header), USERS);
    }

    private String sha256Challenge() {
        return auth.challenge(false).headerValues().get(0);
    }

    @Test
    void challenge_defaults_sha256ThenMd5WithRealmNonceOpaqueQop() {
        List<String> values = auth.challenge(false).headerValues();
        assertEquals(2, values.size());
        assertTrue(values.get(0).contains("algorithm=SHA-256"));
        assertTrue(values.get(1).contains("algorithm=MD5"));
        for (String v : values) {
            assertTrue(v.startsWith("Digest realm=\"reg.example\", nonce=\""), v);
            assertTrue(v.contains("opaque=\"") && v.contains("qop=\"auth\""), v);
            assertFalse(v.contains("stale"), v);
        }
    }

    @Test
    void authenticate_noAuthorization_challenge() {
        AuthResult r = auth.authenticate("REGISTER", URI, Optional.empty(), USERS);
        assertFalse(assertInstanceOf(AuthResult.Challenge.class, r).stale());
    }

    @Test
    void authenticate_sha256RoundTrip_authenticated() {
        assertEquals(new AuthResult.Authenticated("bob"),
                verify(authorization(sha256Challenge(), "bob", "s3cret", "REGISTER", URI, "00000001")));
    }

    @Test
    void authenticate_md5RoundTrip_authenticated() {
        String md5 = auth.challenge(false).headerValues().get(1);
        assertEquals(new AuthResult.Authenticated("bob"),
                verify(authorization(md5, "bob", "s3cret", "REGISTER", URI, "00000001")));
    }

    @Test
    void authenticate_storedHa1_authenticated() {
        String md5 = auth.challenge(false).headerValues().get(1);
        CredentialSource ha1Users = u -> Optional.of(new DigestSecret.Ha1(DigestAlgorithm.MD5,
                DigestResponse.ha1(DigestAlgorithm.MD5, "bob", "reg.example", "s3cret").toUpperCase(java.util.Locale.ROOT)));
        assertEquals(new AuthResult.Authenticated("bob"), auth.authenticate("REGISTER", URI,
                Optional.of(authorization(md5, "bob", "s3cret", "REGISTER", URI, "00000001")), ha1Users));
    }

    @Test
    void authenticate_wrongPassword_freshChallengeNotStale() {
        AuthResult r = verify(authorization(sha256Challenge(), "bob", "guess", "REGISTER", URI, "00000001"));
        assertFalse(assertInstanceOf(AuthResult.Challenge.class, r).stale());
    }

    @Test
    void authenticate_unknownUser_challengedLikeWrongPassword() {
        AuthResult r = verify(authorization(sha256Challenge(), "mallory", "x", "REGISTER", URI, "00000001"));
        assertFalse(assertInstanceOf(AuthResult.Challenge.class, r).stale());
    }

    @Test
    void authenticate_otherMethodThanSigned_challenge() {
        String header = authorization(sha256Challenge(), "bob", "s3cret", "SUBSCRIBE", URI, "00000001");
        assertInstanceOf(AuthResult.Challenge.class, verify(header));
    }

    @Test
    void authenticate_nonceOlderThanLifetime_staleChallenge() {
        String challenge = sha256Challenge();
        clock.advance(Duration.ofSeconds(301));
        AuthResult r = verify(authorization(challenge, "bob", "s3cret", "REGISTER", URI, "00000001"));
        AuthResult.Challenge c = assertInstanceOf(AuthResult.Challenge.class, r);
        assertTrue(c.stale());
        assertTrue(c.headerValues().get(0).endsWith(", stale=true"));
    }

    @Test
    void authenticate_nonceWithinLifetime_authenticated() {
        String challenge = sha256Challenge();
        clock.advance(Duration.ofSeconds(299));
        assertInstanceOf(AuthResult.Authenticated.class,
                verify(authorization(challenge, "bob", "s3cret", "REGISTER", URI, "00000001")));
    }

    @Test
    void authenticate_staleNonceWrongPassword_notStale() {
        String challenge = sha256Challenge();
        clock.advance(Duration.ofSeconds(301));
        AuthResult r = verify(authorization(challenge, "bob", "guess", "REGISTER", URI, "00000001"));
        assertFalse(assertInstanceOf(AuthResult.Challenge.class, r).stale());
    }

    @Test
    void authenticate_sameNonceCountTwice_replayRejected() {
        String header = authorization(sha256Challenge(), "bob", "s3cret", "REGISTER", URI, "00000001");
        assertInstanceOf(AuthResult.Authenticated.class, verify(header));
        assertEquals(403, assertInstanceOf(AuthResult.Failure.class, verify(header)).status());
    }

    @Test
    void authenticate_increasingNonceCount_eachAccepted() {
        String challenge = sha256Challenge();
        assertInstanceOf(AuthResult.Authenticated.class,
                verify(authorization(challenge, "bob", "s3cret", "REGISTER", URI, "00000001")));
        assertInstanceOf(AuthResult.Authenticated.class,
                verify(authorization(challenge, "bob", "s3cret", "REGISTER", URI, "00000002")));
        assertInstanceOf(AuthResult.Failure.class,
                verify(authorization(challenge, "bob", "s3cret", "REGISTER", URI, "00000001")));
    }

    @Test
    void authenticate_trackerFull_oldNonceForgottenGetsStaleNotAccepted() {
        DigestAuthenticator small = new DigestAuthenticator(new DigestConfig("reg.example", Duration.ofSeconds(300),
                List.of(DigestAlgorithm.MD5), 1), clock, new SecureRandom());
        String first = small.challenge(false).headerValues().get(0);
        clock.advance(Duration.ofMillis(1));
        String second = small.challenge(false).headerValues().get(0);
        String firstAnswer = authorization(first, "bob", "s3cret", "REGISTER", URI, "00000001");
        assertInstanceOf(AuthResult.Authenticated.class, small.authenticate("REGISTER", URI,
                Optional.of(firstAnswer), USERS));
        assertInstanceOf(AuthResult.Authenticated.class, small.authenticate("REGISTER", URI,
                Optional.of(authorization(second, "bob", "s3cret", "REGISTER", URI, "00000001")), USERS));
        AuthResult replay = small.authenticate("REGISTER", URI, Optional.of(firstAnswer), USERS);
        assertTrue(assertInstanceOf(AuthResult.Challenge.class, replay).stale());
    }

    @Test
    void authenticate_nonceFromAnotherServer_challengeNotStale() {
        DigestAuthenticator other = new DigestAuthenticator(DigestConfig.defaults("reg.example"), clock,
                new SecureRandom());
        String foreign = other.challenge(false).headerValues().get(0);
        AuthResult r = verify(authorization(foreign, "bob", "s3cret", "REGISTER", URI, "00000001"));
        assertFalse(assertInstanceOf(AuthResult.Challenge.class, r).stale());
    }

    @Test
    void authenticate_otherRealm_challenge() {
        String header = authorization(sha256Challenge().replace("realm=\"reg.example\"", "realm=\"x.example\""), "bob",
                "s3cret", "REGISTER", URI, "00000001");
        assertInstanceOf(AuthResult.Challenge.class, verify(header));
    }

    @Test
    void authenticate_digestUriNotRequestUri_400() {
        String header = authorization(sha256Challenge(), "bob", "s3cret", "REGISTER", "sip:other.example", "00000001");
        assertEquals(400, assertInstanceOf(AuthResult.Failure.class, verify(header)).status());
    }

    @Test
    void authenticate_digestUriDiffersOnlyInHostCase_authenticated() {
        String header = authorization(sha256Challenge(), "bob", "s3cret", "REGISTER", "sip:REG.example", "00000001");
        assertInstanceOf(AuthResult.Authenticated.class, verify(header));
    }

    @Test
    void authenticate_malformedHeader_400NotException() {
        for (String bad : List.of("Digest username=\"bob", "Digest , ,", "garbage\u0000", "Digest username=bob")) {
            assertEquals(400, assertInstanceOf(AuthResult.Failure.class, verify(bad)).status(), bad);
        }
    }

    @Test
    void authenticate_missingQopOrBadNc_400() {
        String good = authorization(sha256Challenge(), "bob", "s3cret", "REGISTER", URI, "00000001");
        assertEquals(400, assertInstanceOf(AuthResult.Failure.class, verify(good.replace(", qop=auth", "")))
                .status());
        assertEquals(400, assertInstanceOf(AuthResult.Failure.class, verify(good.replace("nc=00000001", "nc=1")))
                .status());
    }

    @Test
    void authenticate_tamperedOpaque_challenge() {
        String good = authorization(sha256Challenge(), "bob", "s3cret", "REGISTER", URI, "00000001");
        String tampered = good.replaceAll("opaque=\"[^\"]*\"", "opaque=\"x\"");
        assertInstanceOf(AuthResult.Challenge.class, verify(tampered));
    }

    @Test
    void authenticate_unofferedAlgorithm_challenge() {
        DigestAuthenticator md5Only = new DigestAuthenticator(new DigestConfig("reg.example", Duration.ofSeconds(300),
                List.of(DigestAlgorithm.MD5), 100), clock, new SecureRandom());
        String sha = sha256Challenge();
        AuthResult r = md5Only.authenticate("REGISTER", URI,
                Optional.of(authorization(sha, "bob", "s3cret", "REGISTER", URI, "00000001")), USERS);
        assertInstanceOf(AuthResult.Challenge.class, r);
    }
}
