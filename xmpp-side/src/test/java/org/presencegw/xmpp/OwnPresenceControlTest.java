package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway resource's presence and reception (RFC 6121 4.2, 4.6), hidden mode included. */
class OwnPresenceControlTest {
    private static final EntityBareJid ALICE = JidCreate.entityBareFromOrThrowUnchecked("alice@x");
    private static final BareJid BOB = JidCreate.bareFromOrThrowUnchecked("bob@x");
    private static final BareJid CAROL = JidCreate.bareFromOrThrowUnchecked("carol@x");
    private static final BareJid DAVE = JidCreate.bareFromOrThrowUnchecked("dave@x");

    private final List<String> wire = new ArrayList<>();
    private final List<Integer> graces = new ArrayList<>();
    private final RecordingListener events = new RecordingListener();
    private final ContactTracker tracker = new ContactTracker(ALICE);
    private final OwnPresenceControl own = new OwnPresenceControl(ALICE, tracker, events, this::send,
            (epoch, only) -> graces.add(epoch));

    private boolean send(Presence p) {
        wire.add(p.getType() + (p.getTo() == null ? "" : " to " + p.getTo())
                + (p.getMode() == null || p.getType() != Presence.Type.available ? "" : " " + p.getMode()));
        return true;
    }

    @BeforeEach
    void roster() {
        tracker.replaceRoster(Map.of(BOB, new RosterItem(RosterSubscription.BOTH, false),
                CAROL, new RosterItem(RosterSubscription.TO, false),
                DAVE, new RosterItem(RosterSubscription.FROM, false)));
    }

    @Test
    void afterLoginUnavailable_sendsNothing_receivesNothing() {
        own.afterLogin();
        assertEquals(List.of(), wire);
        assertFalse(tracker.isReceiving());
    }

    @Test
    void available_broadcast_receiving_graceStarted() {
        own.afterLogin();
        own.set(OwnPresence.AVAILABLE, true, true);
        assertEquals(List.of("available available"), wire);
        assertTrue(tracker.isReceiving());
        assertEquals(List.of(tracker.epoch()), graces);
        events.awaitReception(true);
    }

    @Test
    void hidden_broadcastAvailable_thenDirectedUnavailableToThoseWhoSeeUs() {
        own.afterLogin();
        own.set(OwnPresence.UNAVAILABLE, true, true);
        assertEquals("available available", wire.get(0));
        assertEquals(List.of("unavailable to bob@x", "unavailable to dave@x"), wire.subList(1, wire.size()).stream()
                .sorted().toList());
        assertTrue(tracker.isReceiving(), "still receiving contact presence");
        assertTrue(own.isHidden());
        wire.clear();
        own.contactCameOnline(BOB);
        own.contactCameOnline(CAROL); // does not see us
        assertEquals(List.of("unavailable to bob@x"), wire);
    }

    @Test
    void fromAvailableToHiddenAndBack_noReceptionGap() {
        own.afterLogin();
        own.set(OwnPresence.AVAILABLE, true, true);
        wire.clear();
        own.set(OwnPresence.UNAVAILABLE, true, true);
        assertEquals(List.of("unavailable to bob@x", "unavailable to dave@x"), wire.stream().sorted().toList(),
                "no new broadcast");
        wire.clear();
        own.set(OwnPresence.AVAILABLE, true, true);
        assertEquals(List.of("available available"), wire, "broadcast again: contacts saw us leave");
        assertEquals(1, graces.size(), "one reception period throughout");
    }

    @Test
    void notReceiving_unavailableBroadcast() {
        own.afterLogin();
        own.set(OwnPresence.AVAILABLE, true, true);
        wire.clear();
        own.set(OwnPresence.UNAVAILABLE, false, true);
        assertEquals(List.of("unavailable"), wire);
        assertFalse(tracker.isReceiving());
    }
}
