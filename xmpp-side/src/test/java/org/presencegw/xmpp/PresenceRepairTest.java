package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link PresenceRepair}: what changes, and that everything else passes as the same string. */
class PresenceRepairTest {
    private static final String OPEN = "<stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en'>";
    private static final String CLOSE = "</stream:stream>";

    @Test
    void validPresence_messageIqAndGarbage_unchanged() {
        for (String xml : new String[] {
                OPEN + "<presence from='b@x/r'><show>away</show><status>s</status><priority>1</priority></presence>"
                        + CLOSE,
                OPEN + "<message from='b@x/r'><body>presence</body></message>" + CLOSE,
                OPEN + "<iq type='result' id='presence'/>" + CLOSE,
                "<presence from='b@x/r'><show>bogus",
                "<?xml version='1.0'?><!DOCTYPE presence [<!ENTITY x 'y'>]><presence><show>&x;</show></presence>"}) {
            assertSame(xml, PresenceRepair.repair(xml), xml);
        }
    }

    @Test
    void wrappedInvalidShow_removed_streamAndOtherChildrenKept() {
        String out = PresenceRepair.repair(OPEN + "<presence from='b@x/r'><show>bogus</show><status>s1</status>"
                + "<c xmlns='http://jabber.org/protocol/caps' node='n' ver='v' hash='sha-1'/></presence>" + CLOSE);
        assertFalse(out.contains("bogus"), out);
        assertTrue(out.contains("<status>s1</status>"), out);
        assertTrue(out.contains("http://jabber.org/protocol/caps"), out);
        assertTrue(out.startsWith("<stream:stream"), out);
        assertTrue(out.endsWith(CLOSE), out);
    }

    @Test
    void priority300_clamped() {
        String out = PresenceRepair.repair("<presence xmlns='jabber:client'><priority> 300 </priority></presence>");
        assertTrue(out.contains("<priority>127</priority>"), out);
    }
}
