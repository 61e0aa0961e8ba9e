package org.presencegw.sip.auth;

import java.util.Optional;
import java.util.regex.Pattern;
import org.presencegw.sip.registrar.ContactUri;

/** Field checks on Digest credentials that need no secret; each failure is a 400 (RFC 7616 section 3.4). */
final class RequestChecks {

    private static final Pattern NONCE_COUNT = Pattern.compile("[0-9A-Fa-f]{8}");
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private RequestChecks() {
    }

    static Optional<AuthResult> refusal(DigestCredentials c, String method, String requestUri,
                                        DigestAlgorithm algorithm) {
        // This server always offers qop="auth"; RFC 7616 section 3.4 makes qop, cnonce and nc mandatory then.
        if (c.qop().isEmpty() || !c.qop().get().equalsIgnoreCase("auth")) {
            return fail("qop=auth required");
        }
        if (c.cnonce().isEmpty() || c.cnonce().get().isEmpty()) {
            return fail("cnonce required");
        }
        if (c.nc().isEmpty() || !NONCE_COUNT.matcher(c.nc().get()).matches()) {
            return fail("nc must be 8 hex digits");
        }
        if (!(algorithm == DigestAlgorithm.MD5 ? MD5_HEX : SHA256_HEX).matcher(c.response()).matches()) {
            return fail("response is not a " + algorithm.token() + " digest");
        }
        // RFC 2617 section 3.2.2.5 (kept by RFC 7616 section 3.4.6): digest-uri must name the request target.
        if (!sameTarget(c.uri(), requestUri.strip())) {
            return fail("digest uri does not match the Request-URI");
        }
        return Optional.empty();
    }

    /** Exact match, or for sip/sips URIs equivalence under RFC 3261 section 19.1.4 (a host in another case). */
    private static boolean sameTarget(String digestUri, String requestUri) {
        if (digestUri.equals(requestUri)) {
            return true;
        }
        try {
            ContactUri a = new ContactUri(digestUri);
            ContactUri b = new ContactUri(requestUri);
            return a.scheme().startsWith("sip") && a.sameAs(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<AuthResult> fail(String reason) {
        return Optional.of(new AuthResult.Failure(400, reason));
    }
}
