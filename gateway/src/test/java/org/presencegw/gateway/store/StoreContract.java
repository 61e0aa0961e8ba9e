package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.store.Rows.await;
import static org.presencegw.gateway.store.Rows.binding;
import static org.presencegw.gateway.store.Rows.memory;
import static org.presencegw.gateway.store.Rows.publication;
import static org.presencegw.gateway.store.Rows.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SipChange.PutPublication;
import org.presencegw.sip.store.SipChange.PutSubscription;
import org.presencegw.sip.store.SipChange.RemovePublication;
import org.presencegw.sip.store.SipChange.RemoveSubscription;
import org.presencegw.sip.store.SipChange.ReplaceBindings;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.StoreException;
import org.presencegw.sip.store.SubscriptionRow;

/**
 * What every {@link GatewayStore} engine must do with rows: put, replace, remove, and give back after a reopen exactly
 * what was committed. Group-commit behaviour is in {@link StoreBatchContract}. A subclass opens its engine on the
 * same, initially empty, location on every {@link #open} call.
 */
abstract class StoreContract {
    private final List<GatewayStore> opened = new ArrayList<>();

    /** Opens the engine under test on this test's location (the same one every time). */
    protected abstract GatewayStore openStore(WriterSettings settings) throws StoreException;

    protected GatewayStore open() throws StoreException {
        GatewayStore store = openStore(WriterSettings.DEFAULTS);
        opened.add(store);
        return store;
    }

    /** Closes the store and opens it again. */
    protected GatewayStore reopen(GatewayStore store) throws StoreException {
        store.close();
        return open();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(GatewayStore::close);
    }

    @Test
    void load_newStore_isEmptyAndHealthy() throws Exception {
        GatewayStore store = open();
        assertEquals(SipState.EMPTY, store.load());
        assertEquals(List.of(), store.loadXmppMemory());
        assertTrue(store.healthy());
    }

    @Test
    void commit_everyRowType_loadAfterReopenReturnsExactlyThat() throws Exception {
        GatewayStore store = open();
        await(store.commit(List.of(new PutSubscription(subscription("a")), new PutSubscription(subscription("b")),
                new ReplaceBindings("sip:alice@sip.test", List.of(binding("sip:alice@sip.test", "sip:a@192.0.2.1"),
                        binding("sip:alice@sip.test", "sip:a@192.0.2.2"))),
                new PutPublication(publication("e1")))));
        await(store.commitXmpp(List.of(new XmppChange.PutMemory(memory("bob@jabber.test", "REQUESTED")),
                new XmppChange.PutMemory(memory("bob@jabber.test", "DENIED")))));

        store = reopen(store);
        SipState state = store.load();
        assertEquals(List.of(subscription("a"), subscription("b")), state.subscriptions());
        assertEquals(List.of(binding("sip:alice@sip.test", "sip:a@192.0.2.1"),
                binding("sip:alice@sip.test", "sip:a@192.0.2.2")), state.bindings());
        assertEquals(List.of(publication("e1")), state.publications());
        assertEquals(List.of(memory("bob@jabber.test", "DENIED"), memory("bob@jabber.test", "REQUESTED")),
                store.loadXmppMemory());
    }

    @Test
    void commit_putSameKeyAgain_replacesTheRow() throws Exception {
        GatewayStore store = open();
        await(store.commit(List.of(new PutSubscription(subscription("a", 1)), new PutPublication(publication("e")))));
        PublicationRow newer = new PublicationRow("sip:alice@sip.test", "e", "application/pidf+xml",
                new byte[] {1, 2, 3}, 1_900_000_000_000L, 6);
        await(store.commit(List.of(new PutSubscription(subscription("a", 101)), new PutPublication(newer))));
        await(store.commitXmpp(List.of(new XmppChange.PutMemory(memory("bob@jabber.test", "REQUESTED")))));
        XmppMemoryRow later = new XmppMemoryRow("alice@jabber.test", "bob@jabber.test", "REQUESTED", 42);
        await(store.commitXmpp(List.of(new XmppChange.PutMemory(later))));

        store = reopen(store);
        assertEquals(List.of(subscription("a", 101)), store.load().subscriptions());
        assertEquals(List.of(newer), store.load().publications());
        assertEquals(List.of(later), store.loadXmppMemory());
    }

    /**
     * Rows are keyed by a number the writer hands out (schema V2, {@link SubscriptionIds}); a dialog must still have
     * exactly one row however its changes come: again after a reopen, removed and put in one list, after a replace.
     */
    @Test
    void commit_oneRowPerDialog_acrossReopenRemoveAndPutInOneListAndReplace() throws Exception {
        GatewayStore store = open();
        await(store.commit(List.of(new PutSubscription(subscription("a", 1)), new PutSubscription(subscription("b")))));
        store = reopen(store);
        await(store.commit(List.of(new PutSubscription(subscription("a", 2)))));
        await(store.commit(List.of(new PutSubscription(subscription("b", 5)), new RemoveSubscription(
                subscription("b").key()), new PutSubscription(subscription("b", 6)))));
        assertEquals(List.of(subscription("a", 2), subscription("b", 6)), store.load().subscriptions());

        await(store.replaceSipState(new SipState(List.of(subscription("b", 7), subscription("c")), List.of(),
                List.of())));
        await(store.commit(List.of(new PutSubscription(subscription("b", 8)), new PutSubscription(subscription("c", 9)),
                new PutSubscription(subscription("a", 10)))));
        assertEquals(List.of(subscription("a", 10), subscription("b", 8), subscription("c", 9)),
                store.load().subscriptions());
        await(store.commit(List.of(new RemoveSubscription(subscription("a").key()),
                new RemoveSubscription(subscription("b").key()))));
        store = reopen(store);
        await(store.commit(List.of(new PutSubscription(subscription("c", 11)))));
        assertEquals(List.of(subscription("c", 11)), store.load().subscriptions());
    }

    @Test
    void commit_remove_removesThatRowOnly_andAbsentRowsAreNoError() throws Exception {
        GatewayStore store = open();
        await(store.commit(List.of(new PutSubscription(subscription("a")), new PutSubscription(subscription("b")),
                new PutPublication(publication("e1")), new PutPublication(publication("e2")))));
        await(store.commitXmpp(List.of(new XmppChange.PutMemory(memory("bob@jabber.test", "REQUESTED")),
                new XmppChange.PutMemory(memory("carol@jabber.test", "REQUESTED")))));

        await(store.commit(List.of(new RemoveSubscription(subscription("a").key()), new RemovePublication("e2"),
                new RemoveSubscription(subscription("never").key()), new RemovePublication("never"))));
        await(store.commitXmpp(List.of(new XmppChange.RemoveMemory("alice@jabber.test", "bob@jabber.test",
                "REQUESTED"), new XmppChange.RemoveMemory("alice@jabber.test", "bob@jabber.test", "DENIED"))));

        store = reopen(store);
        assertEquals(List.of(subscription("b")), store.load().subscriptions());
        assertEquals(List.of(publication("e1")), store.load().publications());
        assertEquals(List.of(memory("carol@jabber.test", "REQUESTED")), store.loadXmppMemory());
    }

    @Test
    void replaceBindings_replacesEveryBindingOfThatAorOnly_emptyListRemovesThem() throws Exception {
        GatewayStore store = open();
        String alice = "sip:alice@sip.test";
        String bob = "sip:bob@sip.test";
        await(store.commit(List.of(new ReplaceBindings(alice, List.of(binding(alice, "sip:a1"), binding(alice,
                "sip:a2"))), new ReplaceBindings(bob, List.of(binding(bob, "sip:b1"))))));
        await(store.commit(List.of(new ReplaceBindings(alice, List.of(binding(alice, "sip:a3"))))));
        assertEquals(List.of(binding(alice, "sip:a3"), binding(bob, "sip:b1")), store.load().bindings());

        await(store.commit(List.of(new ReplaceBindings(alice, List.of()))));
        store = reopen(store);
        assertEquals(List.of(binding(bob, "sip:b1")), store.load().bindings());
    }

    @Test
    void load_routeSetsPathsBodiesAndOptionalsRoundTripExactly() throws Exception {
        List<String> routes = List.of("", ":", "0:", "12:<sip:x;lr>", "<sip:p;lr>, <sip:q;lr>", "\"quoted\";x=\\y",
                "ünïcødé ☎ 𝄞", "line\r\nbreak", "tab\there");
        SubscriptionRow odd = new SubscriptionRow("c@h", "t", "r", "sip:b@j", "sip:a@s;x=1", Long.MAX_VALUE,
                Long.MIN_VALUE, routes, "sip:[2001:db8::1]:5060", "tcp", "2001:db8::1", 0, Optional.empty(),
                "dialog", "application/dialog-info+xml", "profile: blf\nline 2", "sip:a@s", "sip:b@j", "PENDING",
                0, -1);
        BindingRow noQ = new BindingRow("sip:c@s", "sip:c@[2001:db8::2];ob", "id", 0, 1, Optional.empty(),
                "tcp:[2001:db8::2]:5070", List.of());
        byte[] everyByte = new byte[256];
        IntStream.range(0, 256).forEach(i -> everyByte[i] = (byte) i);
        PublicationRow binary = new PublicationRow("sip:c@s", "e\u00e9", "application/octet-stream", everyByte, 2,
                Long.MAX_VALUE);
        PublicationRow empty = new PublicationRow("sip:c@s", "empty", "text/plain", new byte[0], 3, 0);
        GatewayStore store = open();
        await(store.commit(List.of(new PutSubscription(odd), new ReplaceBindings("sip:c@s", List.of(noQ)),
                new PutPublication(binary), new PutPublication(empty))));

        store = reopen(store);
        SipState state = store.load();
        assertEquals(List.of(odd), state.subscriptions());
        assertEquals(routes, state.subscriptions().get(0).routeSet());
        assertEquals(List.of(noQ), state.bindings());
        assertEquals(List.of(empty, binary), state.publications()); // by etag: "empty" sorts before "e\u00e9"
        assertArrayEquals(everyByte, state.publications().get(1).body());
    }

    @Test
    void commit_largeValues_roundTrip() throws Exception {
        byte[] body = new byte[1 << 20];
        new java.util.Random(9).nextBytes(body);
        List<String> routes = IntStream.range(0, 100).mapToObj(i -> "<sip:proxy" + i + ".example.com;lr>"
                + "x".repeat(1000)).toList();
        SubscriptionRow big = new SubscriptionRow("call-big", "tag", "rtag", "sip:b@j", "sip:a@s", 1, 1, routes,
                "sip:a@h", "udp", "192.0.2.1", 5060, Optional.of("e".repeat(5000)), "presence", "application/pidf+xml",
                "d".repeat(64 * 1024), "sip:a@s", "sip:b@j", "ACTIVE", 1, 1);
        PublicationRow large = new PublicationRow("sip:a@s", "big", "application/pidf+xml", body, 1, 1);
        GatewayStore store = open();
        await(store.commit(List.of(new PutSubscription(big), new PutPublication(large))));

        store = reopen(store);
        assertEquals(List.of(big), store.load().subscriptions());
        assertArrayEquals(body, store.load().publications().get(0).body());
    }

    @Test
    void replaceState_replacesEverythingThatWasStored() throws Exception {
        GatewayStore store = open();
        await(store.commit(List.of(new PutSubscription(subscription("old")), new PutPublication(publication("old")),
                new ReplaceBindings("sip:old@s", List.of(binding("sip:old@s", "sip:o"))))));
        await(store.commitXmpp(List.of(new XmppChange.PutMemory(memory("old@j", "DENIED")))));

        SipState now = new SipState(List.of(subscription("new")), List.of(binding("sip:n@s", "sip:n1"),
                binding("sip:n@s", "sip:n2"), binding("sip:m@s", "sip:m1")), List.of(publication("new")));
        await(store.replaceSipState(now));
        await(store.replaceXmppMemory(List.of(memory("new@j", "REQUESTED"))));

        store = reopen(store);
        SipState loaded = store.load();
        assertEquals(now.subscriptions(), loaded.subscriptions());
        assertEquals(List.of(binding("sip:m@s", "sip:m1"), binding("sip:n@s", "sip:n1"), binding("sip:n@s",
                "sip:n2")), loaded.bindings());
        assertEquals(now.publications(), loaded.publications());
        assertEquals(List.of(memory("new@j", "REQUESTED")), store.loadXmppMemory());
    }

    @Test
    void commit_replaceBindingsNamingAnotherAor_failsAndWritesNothing() throws Exception {
        GatewayStore store = open();
        SipChange wrong = new ReplaceBindings("sip:a@s", List.of(binding("sip:b@s", "sip:b1")));
        var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> store.commit(List.of(new PutSubscription(subscription("x")), wrong)).toCompletableFuture()
                        .get());
        assertTrue(failure.getCause() instanceof IllegalArgumentException, failure.toString());
        assertEquals(SipState.EMPTY, store.load());
    }
}
