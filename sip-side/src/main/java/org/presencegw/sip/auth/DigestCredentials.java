package org.presencegw.sip.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of a Digest Authorization header (RFC 7616 section 3.4, RFC 3261 section 22.4).
 *
 * @param algorithm the algorithm token; absent means MD5 (RFC 7616 section 3.3)
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
                                Optional<String> algorithm, Optional<String> cnonce, Optional<String> opaque,
                                Optional<String> qop, Optional<String> nc) {

    public DigestCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(cnonce, "cnonce");
        Objects.requireNonNull(opaque, "opaque");
        Objects.requireNonNull(qop, "qop");
        Objects.requireNonNull(nc, "nc");
    }

    /**
     * Reads a Digest Authorization (or Proxy-Authorization) header value.
     *
     * @throws MalformedCredentialsException when it is not Digest, cannot be tokenised or lacks a required field
     */
    public static DigestCredentials parse(String headerValue) throws MalformedCredentialsException {
        AuthParamsParser.AuthParams parsed = AuthParamsParser.parse(headerValue);
        if (!parsed.scheme().equalsIgnoreCase("Digest")) {
            throw new MalformedCredentialsException("scheme is not Digest");
        }
        Map<String, String> p = parsed.params();
        if (p.containsKey("username*") || p.containsKey("userhash")) {
            throw new MalformedCredentialsException("username* and userhash are not supported");
        }
        return new DigestCredentials(required(p, "username"), required(p, "realm"), required(p, "nonce"),
                required(p, "uri"), required(p, "response").toLowerCase(Locale.ROOT),
                Optional.ofNullable(p.get("algorithm")), Optional.ofNullable(p.get("cnonce")),
                Optional.ofNullable(p.get("opaque")), Optional.ofNullable(p.get("qop")),
                Optional.ofNullable(p.get("nc")));
    }

    private static String required(Map<String, String> params, String name) throws MalformedCredentialsException {
        String value = params.get(name);
        if (value == null) {
            throw new MalformedCredentialsException("missing '" + name + "'");
        }
        return value;
    }
}
