package org.presencegw.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RFC 7616 section 3.9.1: the Mufasa example, for MD5 and SHA-256. */
class DigestResponseTest {

    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static String rfcExample(DigestAlgorithm algorithm) {
        String ha1 = DigestResponse.ha1(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life");
        return DigestResponse.compute(algorithm, ha1, NONCE, "00000001", CNONCE, "GET", "/dir/index.html");
    }

    @Test
    void compute_rfc7616Md5Example_matchesPublishedResponse() {
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", rfcExample(DigestAlgorithm.MD5));
    }

    @Test
    void compute_rfc7616Sha256Example_matchesPublishedResponse() {
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                rfcExample(DigestAlgorithm.SHA_256));
    }

    @Test
    void parse_rfc7616Md5ExampleHeader_allFieldsRead() throws MalformedCredentialsException {
        DigestCredentials c = DigestCredentials.parse("Digest username=\"Mufasa\",\r\n realm=\"http-auth@example.org\","
                + " uri=\"/dir/index.html\", algorithm=MD5, nonce=\"" + NONCE + "\", nc=00000001, cnonce=\""
                + CNONCE + "\", qop=auth, response=\"8ca523f5e9506fed4657c9700eebdbec\","
                + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        assertEquals("Mufasa", c.username());
        assertEquals("http-auth@example.org", c.realm());
        assertEquals(NONCE, c.nonce());
        assertEquals("/dir/index.html", c.uri());
        assertEquals("00000001", c.nc().orElseThrow());
        assertEquals("auth", c.qop().orElseThrow());
        assertEquals("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", c.opaque().orElseThrow());
    }
}
