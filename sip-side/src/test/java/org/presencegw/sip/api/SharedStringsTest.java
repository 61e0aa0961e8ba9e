package org.presencegw.sip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SharedStringsTest {

    /** A fresh String object with the text of {@code s} (never the literal's instance). */
    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    @Test
    void of_equalStrings_oneSharedCopy_theStringTablesOwn() {
        String a = fresh("sip:alice@jabber.example.com");
        String b = fresh("sip:alice@jabber.example.com");
        assertNotSame(a, b);
        assertSame(SharedStrings.of(a), SharedStrings.of(b));
        assertSame(b.intern(), SharedStrings.of(fresh(b)));
    }

    @Test
    void of_cachedFirst_stillTheStringTablesCopy() {
        String first = SharedStrings.of(fresh("udp-shared-test"));
        assertSame("udp-shared-test", first); // a literal is in the string table
        assertSame("udp-shared-test", SharedStrings.of(fresh("udp-shared-test")));
    }

    @Test
    void of_longerThanTheCap_interned() {
        String longText = "x".repeat(SharedStrings.MAX_LENGTH + 1);
        assertSame(fresh(longText).intern(), SharedStrings.of(fresh(longText)));
    }

    @Test
    void of_manyStringsSharingSlots_eachResultEqualAndShared() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3 * SharedStrings.SLOTS; i++) {
                String text = "user" + i + "@example.com";
                String shared = SharedStrings.of(fresh(text));
                assertEquals(text, shared);
                assertSame(fresh(text).intern(), shared);
            }
        }
    }
}
