package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link HostLiterals#isLiteral}: the written-out IPv4 check says what the regular expression it replaced said. */
class HostLiteralsTest {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Property(tries = 5000)
    void dottedQuadAsTheRegularExpression(@ForAll("hostish") String h) {
        assertEquals(IPV4.matcher(h).matches(), HostLiterals.isDottedQuad(h), h);
    }

    @Provide
    Arbitrary<String> hostish() {
        return Arbitraries.strings().withChars("0123456789....:[]a-\u0663").ofMinLength(0).ofMaxLength(20);
    }

    @Example
    void literals() {
        assertTrue(HostLiterals.isLiteral("127.0.0.1"));
        assertTrue(HostLiterals.isLiteral("999.0.0.1")); // the shape, as before: not a range check
        assertTrue(HostLiterals.isLiteral("[::1]"));
        assertTrue(HostLiterals.isLiteral("2001:db8::1"));
        assertFalse(HostLiterals.isLiteral("example.com"));
        assertFalse(HostLiterals.isLiteral("1.2.3"));
        assertFalse(HostLiterals.isLiteral("1.2.3.4."));
        assertFalse(HostLiterals.isLiteral(".1.2.3.4"));
        assertFalse(HostLiterals.isLiteral("1..2.3"));
        assertFalse(HostLiterals.isLiteral("1.2.3.4567"));
        assertFalse(HostLiterals.isLiteral(""));
        assertFalse(HostLiterals.isLiteral("\u0661.2.3.4")); // a non-ASCII digit, which \d does not match either
    }
}
