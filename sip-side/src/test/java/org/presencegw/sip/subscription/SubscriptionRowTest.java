package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.event.PresencePackage;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SubscriptionKey;
import org.presencegw.sip.store.SubscriptionRow;
import org.presencegw.sip.testing.FakePresenceSource;

/** A subscription as a store row and back (issue 9): same dialog, CSeq and version reserved ahead. */
class SubscriptionRowTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static Subscription subscription() {
        DialogRecord dialog = new DialogRecord("call-1", "ours", "theirs", "sip:bob@example.com",
                "sip:alice@sip.example", 0, 7, List.of("<sip:proxy.example;lr>"), "sip:alice@10.0.0.1:5070",
                new Flow("10.0.0.1", 5070, "udp"), Optional.of("e1"));
        return new Subscription(dialog, new ViewKey("fake", "bob"), SipAddress.parse("sip:alice@sip.example"),
                SipAddress.parse("sip:bob@example.com"), new FakePresenceSource(), new PresencePackage(),
                PresencePackage.PIDF, "", 0);
    }

    @Test
    void reserveAndRow_reservesCseqAndVersionAhead_restoreGoesOnAboveThem() {
        Subscription s = subscription();
        s.handle(new SubscriptionEvent.Accepted(PresenceState.UNKNOWN, 600), NOW);
        s.nextNotify();
        SubscriptionRow row = s.reserveAndRow();
        assertEquals(1 + Subscription.RESERVED_BLOCK, row.localCseq());
        assertEquals(Subscription.RESERVED_BLOCK, row.version());
        assertEquals("ACTIVE", row.state());
        assertEquals(NOW.plusSeconds(600).toEpochMilli(), row.expiresAt());
        assertEquals(List.of("<sip:proxy.example;lr>"), row.routeSet());

        Subscription back = Subscription.restore(row, new ViewKey("fake", "bob"), new FakePresenceSource(),
                new PresencePackage(), 0);
        assertEquals(row, back.toRow(), "a restored subscription writes the same row");
        assertTrue(back.nextNotify().localCseq() > row.localCseq() - Subscription.RESERVED_BLOCK + 1);
        assertEquals(row.localCseq() + 1, back.dialog().localCseq());
        assertEquals(SubscriptionState.ACTIVE, back.state());
        assertEquals(600, back.remainingSeconds(NOW));
    }

    @Test
    void reservationDue_onlyWhenHeadroomIsUsedUp() {
        Subscription s = subscription();
        s.handle(new SubscriptionEvent.Accepted(PresenceState.UNKNOWN, 600), NOW);
        assertTrue(s.reservationDue().isEmpty(), "not stored yet: nothing to reserve");
        s.reserveAndRow();
        int sent = 0;
        while (s.reservationDue().isEmpty()) {
            s.nextNotify();
            sent++;
        }
        assertEquals(Subscription.RESERVED_BLOCK - Subscription.HEADROOM + 1, sent);
        assertTrue(s.toRow().localCseq() >= s.dialog().localCseq() + Subscription.HEADROOM);
    }

    @Test
    void reserveAndPut_carriesTheSubscriptionsOwnKey_andAKeyMustBeTheRows() {
        Subscription s = subscription();
        s.handle(new SubscriptionEvent.Accepted(PresenceState.UNKNOWN, 600), NOW);
        SipChange.PutSubscription put = s.reserveAndPut();
        assertSame(s.key(), put.key(), "the writer keeps the live subscription's key, not a copy");
        assertEquals(put.row().key(), put.key());
        assertEquals(put.row().key(), new SipChange.PutSubscription(put.row()).key());
        assertThrows(IllegalArgumentException.class,
                () -> new SipChange.PutSubscription(put.row(), new SubscriptionKey("call-1", "other")));
    }
}
