package org.presencegw.sip.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Response;
import org.presencegw.sip.auth.DigestAlgorithm;
import org.presencegw.sip.auth.DigestResponse;

/**
 * The UA side of a digest exchange (RFC 7616 section 3.4, qop=auth): computes the Authorization header value that
 * answers a 401's WWW-Authenticate, with the auth package's {@link DigestResponse}.
 */
public final class DigestAnswers {

    private DigestAnswers() {
    }

    /** Every WWW-Authenticate value of a response, in order (preferred algorithm first). */
    public static List<String> challenges(Response response) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(WWWAuthenticateHeader.NAME);
        while (it.hasNext()) {
            String h = it.next().toString().strip();
            out.add(h.substring(h.indexOf(':') + 1).strip());
        }
        return out;
    }

    /** A parameter of a challenge ({@code realm}, {@code nonce}, {@code algorithm}, {@code stale} ...). */
    public static String param(String challenge, String name) {
        Matcher m = Pattern.compile("(?i)\\b" + name + "=\"?([^\",]+)\"?").matcher(challenge);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + challenge);
        }
        return m.group(1);
    }

    /** Answers the response's first (preferred) challenge with nonce-count 00000001. */
    public static String authorization(Response challenge, String user, String password, String method,
                                       String uri) {
        List<String> all = challenges(challenge);
        if (all.isEmpty()) {
            throw new AssertionError("no WWW-Authenticate in " + challenge);
        }
        return authorization(all.get(0), user, password, method, uri, "00000001");
    }

    /** Answers one challenge header value. */
    public static String authorization(String challenge, String user, String password, String method, String uri,
                                       String nc) {
        DigestAlgorithm alg = DigestAlgorithm.fromToken(param(challenge, "algorithm")).orElseThrow();
        String realm = param(challenge, "realm");
        String nonce = param(challenge, "nonce");
        String cnonce = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        String response = DigestResponse.compute(alg, DigestResponse.ha1(alg, user, realm, password), nonce, nc,
                cnonce, method, uri);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=" + alg.token() + ", cnonce=\"" + cnonce
                + "\", opaque=\"" + param(challenge, "opaque") + "\", qop=auth, nc=" + nc;
    }
}
