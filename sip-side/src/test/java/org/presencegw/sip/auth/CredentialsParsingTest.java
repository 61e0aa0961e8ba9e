package org.presencegw.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsParsingTest {

    private static final String REST = "realm=\"r\", nonce=\"n\", uri=\"sip:reg.example\", response=\"AB\"";

    @Test
    void parse_quotedCommaEscapesAndMixedCaseNames_readVerbatim() throws MalformedCredentialsException {
        DigestCredentials c = DigestCredentials.parse("digest UserName=\"a, \\\"b\\\"\",   " + REST);
        assertEquals("a, \"b\"", c.username());
        assertEquals("ab", c.response());
    }

    @Test
    void parse_malformedValues_throwWithReason() {
        List<String> bad = List.of("", "Digest", "Basic dXNlcjpwYXNz", "Digest username=\"x\" " + REST,
                "Digest username=\"x, " + REST.replace("\"", ""), "Digest username=x, username=y, " + REST,
                "Digest =x, " + REST, "Digest username, " + REST, "Digest " + REST,
                "Digest username=\"x\",, " + REST, "Digest username*=UTF-8''x, " + REST,
                "Digest username=\"" + "x".repeat(9000) + "\", " + REST);
        for (String value : bad) {
            assertThrows(MalformedCredentialsException.class, () -> DigestCredentials.parse(value), value);
        }
    }
}
