package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.api.Test;

class OwnPresenceStanzasTest {
    @Test
    void available_priorityMinusOneNoShow() {
        Presence p = OwnPresenceStanzas.of(OwnPresence.AVAILABLE);
        assertEquals(Presence.Type.available, p.getType());
        assertEquals(-1, p.getPriority());
        assertEquals("<presence xmlns='jabber:client'><priority>-1</priority></presence>", p.toXML().toString());
    }

    @Test
    void dndWithStatus_showAndStatusAndMinusOne() {
        Presence p = OwnPresenceStanzas.of(new OwnPresence(true, Show.DND, Optional.of("in a call")));
        assertEquals(Presence.Mode.dnd, p.getMode());
        assertEquals("in a call", p.getStatus());
        assertEquals(-1, p.getPriority());
    }

    @Test
    void unavailable_typeUnavailableNoStatus() {
        Presence p = OwnPresenceStanzas.of(OwnPresence.UNAVAILABLE);
        assertEquals(Presence.Type.unavailable, p.getType());
        assertNull(p.getStatus());
    }
}
