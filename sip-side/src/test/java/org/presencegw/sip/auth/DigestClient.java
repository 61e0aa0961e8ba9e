package org.presencegw.sip.auth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The UA side of a digest exchange, as a test would script it: answers a challenge header value. */
final class DigestClient {

    private DigestClient() {
    }

    static String param(String challenge, String name) {
        Matcher m = Pattern.compile(name + "=\"?([^\",]+)\"?").matcher(challenge);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + challenge);
        }
        return m.group(1);
    }

    static String answer(String challenge, String user, String password, String method, String uri, String nc) {
        DigestAlgorithm alg = DigestAlgorithm.fromToken(param(challenge, "algorithm")).orElseThrow();
        String realm = param(challenge, "realm");
        String nonce = param(challenge, "nonce");
        String cnonce = "0a4f113b";
        String response = DigestResponse.compute(alg, DigestResponse.ha1(alg, user, realm, password), nonce, nc,
                cnonce, method, uri);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=" + alg.token() + ", cnonce=\"" + cnonce
                + "\", opaque=\"" + param(challenge, "opaque") + "\", qop=auth, nc=" + nc;
    }
}
