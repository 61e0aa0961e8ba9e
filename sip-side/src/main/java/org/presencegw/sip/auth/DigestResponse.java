package org.presencegw.sip.auth;

/**
 * The digest computations of RFC 7616 section 3.4.1 (RFC 3261 section 22.4 with qop=auth):
 * {@code response = KD(H(A1), nonce:nc:cnonce:qop:H(A2))}, {@code A1 = username:realm:password},
 * {@code A2 = method:digest-uri}.
 */
public final class DigestResponse {

    private DigestResponse() {
    }

    /** H(A1) from the clear-text password. */
    public static String ha1(DigestAlgorithm algorithm, String username, String realm, String password) {
        return algorithm.hash(username + ":" + realm + ":" + password);
    }

    /** The expected {@code response} value for qop=auth. */
    public static String compute(DigestAlgorithm algorithm, String ha1, String nonce, String nc, String cnonce,
                                 String method, String digestUri) {
        String ha2 = algorithm.hash(method + ":" + digestUri);
        return algorithm.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    }
}
