package org.presencegw.sip.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces (RFC 7616 section 3.3 suggests "time-stamp H(time-stamp ":" ETag ":" secret-data)"): issue
 * time in milliseconds, 8 random bytes and a truncated HMAC-SHA256 over both and the realm, base64url without
 * padding. A nonce the server did not mint, or minted for another realm, fails {@link #issuedAt}.
 */
final class NonceCodec {

    private static final int TIME = 8;
    private static final int RANDOM = 8;
    private static final int MAC = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final byte[] realm;
    private final SecureRandom random;

    NonceCodec(byte[] secret, String realm, SecureRandom random) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.realm = realm.getBytes(StandardCharsets.UTF_8);
        this.random = random;
    }

    String issue(Instant now) {
        ByteBuffer buf = ByteBuffer.allocate(TIME + RANDOM + MAC);
        buf.putLong(now.toEpochMilli());
        byte[] r = new byte[RANDOM];
        random.nextBytes(r);
        buf.put(r);
        buf.put(mac(buf.array(), TIME + RANDOM, realm));
        return ENCODER.encodeToString(buf.array());
    }

    /** The issue time of a nonce this codec minted, or empty for anything else. */
    Optional<Instant> issuedAt(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length != TIME + RANDOM + MAC) {
            return Optional.empty();
        }
        byte[] expected = mac(raw, TIME + RANDOM, realm);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, TIME + RANDOM, raw.length))) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(ByteBuffer.wrap(raw).getLong()));
    }

    /** A value derived from the key, to hand out as {@code opaque} and expect back unchanged. */
    String opaque() {
        byte[] label = "opaque".getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(mac(label, label.length, realm));
    }

    private byte[] mac(byte[] data, int length, byte[] suffix) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(data, 0, length);
            mac.update(suffix);
            return Arrays.copyOf(mac.doFinal(), MAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every Java platform", e);
        }
    }
}
