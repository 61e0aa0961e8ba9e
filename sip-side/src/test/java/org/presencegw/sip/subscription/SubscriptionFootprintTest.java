package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SharedStrings;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.event.PresencePackage;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.store.SubscriptionRow;
import org.presencegw.sip.testing.FakePresenceSource;

/**
 * What keeps a subscription small (issue 14: 100,000 of them in 300 MiB): texts that many subscriptions share are
 * held once, and what a subscription keeps of its own is what it needs.
 */
class SubscriptionFootprintTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    /** Every text built afresh, as the SIP parser or the store hands them over. */
    private static Subscription subscription(String watcher, String callId) {
        DialogRecord dialog = new DialogRecord(callId, "ours-" + callId, "theirs", fresh("sip:bob@example.com"),
                "sip:" + watcher, 0, 1, List.of(), "sip:" + watcher + ":5070",
                new Flow(fresh("10.0.0.1"), 5070, fresh("UDP")), Optional.empty());
        return new Subscription(dialog, new ViewKey("fake", "bob"), SipAddress.parse("sip:" + watcher),
                SipAddress.parse(fresh("sip:bob@example.com")), new FakePresenceSource(), new PresencePackage(),
                PresencePackage.PIDF, "", 0);
    }

    private static String fresh(String text) {
        return new String(text.toCharArray());
    }

    @Test
    void twoWatchersOfOnePresentity_shareItsUserAndTheFlowsTexts() {
        Subscription a = subscription("alice@sip.example", "c1");
        Subscription b = subscription("carol@sip.example", "c2");
        assertSame(a.presentity().user(), b.presentity().user());
        assertSame(a.presentity().host(), b.presentity().host());
        assertSame(a.dialog().flow().address(), b.dialog().flow().address());
        assertSame(a.dialog().flow().transport(), b.dialog().flow().transport());
        assertEquals("udp", a.dialog().flow().transport());
    }

    @Test
    void restore_sharesThePresentityUriBodyTypeAndPackageData() {
        Subscription a = subscription("alice@sip.example", "c1");
        a.handle(new SubscriptionEvent.Accepted(PresenceState.UNKNOWN, 600), NOW);
        SubscriptionRow row = a.toRow();
        SubscriptionRow copy = new SubscriptionRow(row.callId(), row.localTag(), row.remoteTag(),
                fresh(row.localUri()), row.remoteUri(), row.localCseq(), row.remoteCseq(), row.routeSet(),
                row.remoteTarget(), fresh(row.flowTransport()), fresh(row.flowAddress()), row.flowPort(),
                row.eventId(), row.eventPackage(), fresh(row.mediaType()), fresh(row.packageData()), row.watcher(),
                row.presentity(), row.state(), row.expiresAt(), row.version());
        Subscription one = Subscription.restore(copy, a.view(), new FakePresenceSource(), new PresencePackage(), 0);
        Subscription two = Subscription.restore(row, a.view(), new FakePresenceSource(), new PresencePackage(), 0);
        assertSame(one.dialog().localUri(), two.dialog().localUri());
        assertSame(one.mediaType(), two.mediaType());
        assertSame(one.dialog().flow().address(), two.dialog().flow().address());
        assertSame(one.presentity().user(), two.presentity().user());
        assertEquals(row, one.toRow());
    }

    @Test
    void aNewWatcherOfAWatchedPresentity_takesItsNeighboursCopies_onlyWhenEqual() {
        Subscription a = subscription("alice@sip.example", "c1");
        String toUri = fresh("sip:bob@example.com");
        assertSame(a.dialog().localUri(), Subscription.sharedLocalUri(toUri, a));
        SipAddress bob = SipAddress.parse(fresh("sip:bob@example.com"));
        assertSame(a.presentity(), Subscription.sharedPresentity(bob, a));

        // Written another way (the view is the same: JIDs are case-insensitive): an equal copy, not the neighbour's.
        String other = Subscription.sharedLocalUri(fresh("sip:Bob@example.com"), a);
        assertEquals("sip:Bob@example.com", other);
        assertSame(other, Subscription.sharedLocalUri(fresh("sip:Bob@example.com"), null));
        SipAddress upper = Subscription.sharedPresentity(SipAddress.parse(fresh("sip:Bob@example.com")), a);
        assertEquals("Bob", upper.user());
        assertEquals(SipAddress.parse("sip:bob@example.com;gr=desk"),
                Subscription.sharedPresentity(SipAddress.parse(fresh("sip:bob@example.com;gr=desk")), a));

        // No neighbour: the shared strings and addresses, as before.
        assertSame(SharedStrings.of("sip:bob@example.com"),
                Subscription.sharedLocalUri(fresh("sip:bob@example.com"), null));
        assertSame(a.presentity().user(), Subscription.sharedPresentity(bob, null).user());
    }

    @Test
    void key_isOneObjectForTheSubscriptionsLife() {
        Subscription a = subscription("alice@sip.example", "c1");
        assertSame(a.key(), a.key());
        assertEquals("c1", a.key().callId());
        assertEquals("ours-c1", a.key().localTag());
    }

    @Test
    void mergedWith_anotherRfc3261BranchOnly() {
        Subscription a = subscription("alice@sip.example", "c1");
        assertFalse(a.mergedWith("z9hG4bK-1"), "nothing accepted yet: unknown, never merged");
        a.acceptedBranch("z9hG4bK-1");
        assertFalse(a.mergedWith(fresh("z9hG4bK-1")), "the same branch: a retransmission");
        assertTrue(a.mergedWith("z9hG4bK-2"), "another branch, same CSeq: merged (482)");
        assertFalse(a.mergedWith("1"), "an RFC 2543 branch never counts as merged");
        a.acceptedBranch("old-style");
        assertFalse(a.mergedWith("z9hG4bK-2"), "an RFC 2543 request accepted last: unknown");
    }

    @Test
    void branchDigest_isZeroOnlyForOtherThanRfc3261Branches() {
        assertEquals(0, Subscription.branchDigest("abc"));
        assertEquals(0, Subscription.branchDigest(""));
        assertNotEquals(0, Subscription.branchDigest("z9hG4bK"));
        assertNotEquals(Subscription.branchDigest("z9hG4bK-a"), Subscription.branchDigest("z9hG4bK-b"));
        assertEquals(Subscription.branchDigest("z9hG4bK-a"), Subscription.branchDigest(fresh("z9hG4bK-a")));
    }

    @Test
    void dialogRecord_keepsTheWatchersTextsAsGiven_throughEveryCopy() {
        Flow flow = new Flow("10.0.0.1", 5070, "udp");
        DialogRecord d = new DialogRecord("c1", "ours", "t\u00e4g", "sip:bob@example.com",
                "sip:%C3%A4lice@sip.example", 3, 7, List.of("<sip:p.example;lr>"),
                "sip:\u00e4lice@10.0.0.1:5070;transport=udp", flow, Optional.of("e1"));
        assertEquals("t\u00e4g", d.remoteTag());
        assertEquals("sip:%C3%A4lice@sip.example", d.remoteUri());
        assertEquals("sip:\u00e4lice@10.0.0.1:5070;transport=udp", d.remoteTarget());

        DialogRecord next = d.nextLocalCseq();
        assertEquals(4, next.localCseq());
        assertEquals(d.remoteTag(), next.remoteTag());
        assertEquals(d.remoteUri(), next.remoteUri());
        assertEquals(d.remoteTarget(), next.remoteTarget());
        assertNotEquals(d, next);
        assertEquals(d, new DialogRecord("c1", "ours", "t\u00e4g", "sip:bob@example.com",
                "sip:%C3%A4lice@sip.example", 3, 7, List.of("<sip:p.example;lr>"),
                "sip:\u00e4lice@10.0.0.1:5070;transport=udp", flow, Optional.of("e1")));
        assertEquals(d.hashCode(), new DialogRecord("c1", "ours", "t\u00e4g", "sip:bob@example.com",
                "sip:%C3%A4lice@sip.example", 3, 7, List.of("<sip:p.example;lr>"),
                "sip:\u00e4lice@10.0.0.1:5070;transport=udp", flow, Optional.of("e1")).hashCode());

        DialogRecord moved = d.refreshed(8, "sip:alice@10.0.0.2", new Flow("10.0.0.2", 5060, "tcp"));
        assertEquals("sip:alice@10.0.0.2", moved.remoteTarget());
        assertEquals(8, moved.remoteCseq());
        assertEquals(d.remoteTag(), moved.remoteTag());
        assertEquals(d.remoteUri(), moved.remoteUri());
        assertTrue(moved.toString().contains("remoteTarget=sip:alice@10.0.0.2"), moved.toString());
    }

    @Test
    void notifyAnswer_isOneTextPerStatusCode() {
        assertSame(NotifyEnd.answered(200).answer(), NotifyEnd.answered(200).answer());
        assertEquals("481", NotifyEnd.answered(481).answer());
        assertEquals("999", NotifyEnd.answered(999).answer());
    }

    @Test
    void registry_countsAWatchersSubscriptionsWithAndWithoutGr() {
        SubscriptionRegistry registry = new SubscriptionRegistry();
        Subscription plain = subscription("alice@sip.example", "c1");
        Subscription withGr = subscription("alice@sip.example;gr=desk", "c2");
        registry.add(plain);
        registry.add(withGr);
        assertEquals(2, registry.ofWatcher(SipAddress.parse("sip:alice@sip.example")));
        assertEquals(2, registry.ofWatcher(SipAddress.parse("sip:alice@sip.example;gr=phone")));
        assertEquals(1, registry.watchers());
        registry.remove(plain);
        assertEquals(1, registry.ofWatcher(SipAddress.parse("sip:alice@sip.example")));
        registry.remove(withGr);
        assertEquals(0, registry.watchers());
    }
}
