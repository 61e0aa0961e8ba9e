package org.presencegw.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** The digest algorithms this server offers (RFC 7616 section 3.3; RFC 3261 section 22.4 uses MD5). */
public enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String token;
    private final String jcaName;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
    }

    /** The {@code algorithm} token on the wire. */
    public String token() {
        return token;
    }

    /** RFC 7616 section 3.4: the algorithm parameter is case-insensitive; "-sess" variants are not offered. */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        return Arrays.stream(values()).filter(a -> a.token.equalsIgnoreCase(token)).findFirst();
    }

    /** H(data): the lower-case hex digest of the UTF-8 bytes. */
    public String hash(String data) {
        try {
            byte[] digest = MessageDigest.getInstance(jcaName).digest(data.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is mandatory in every Java platform", e);
        }
    }
}
