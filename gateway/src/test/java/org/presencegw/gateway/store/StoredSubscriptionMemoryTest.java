package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.store.Rows.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.xmpp.InMemorySubscriptionMemory;
import org.presencegw.xmpp.SubscriptionMemory;
import org.presencegw.xmpp.XmppPolicy;

/** Issue 9 + 11: a refusal the XMPP side remembers survives a restart on the embedded store (a real SQLite file). */
class StoredSubscriptionMemoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final XmppPolicy POLICY = XmppPolicy.DEFAULTS; // quiet period 24 h

    @TempDir
    Path dir;

    private static EntityBareJid alice() throws Exception {
        return JidCreate.entityBareFrom("alice@jabber.test");
    }

    private static BareJid contact(String name) throws Exception {
        return JidCreate.bareFrom(name + "@jabber.test");
    }

    private GatewayStore open() throws Exception {
        return Stores.open(new StoreSettings.Embedded(Path.of("data")), dir);
    }

    @Test
    void refusalRemembered_restart_stillRecalled_andForgetRemovesTheRow() throws Exception {
        try (GatewayStore store = open()) {
            InMemorySubscriptionMemory memory = StoredSubscriptionMemory.open(store, POLICY, Clock.fixed(T0, ZoneOffset.UTC));
            memory.remember(new SubscriptionMemory.Entry(alice(), contact("bob"), SubscriptionMemory.Kind.DROPPED, T0));
            memory.remember(new SubscriptionMemory.Entry(alice(), contact("bob"), SubscriptionMemory.Kind.DENIED, T0));
            memory.remember(new SubscriptionMemory.Entry(alice(), contact("carol"), SubscriptionMemory.Kind.DENIED, T0));
            memory.forget(alice(), contact("carol"));
            await(store.commitXmpp(List.of())); // commits are ordered: the ones above are durable after this one
        }
        try (GatewayStore store = open()) {
            assertEquals(List.of(new XmppMemoryRow("alice@jabber.test", "bob@jabber.test", "DENIED",
                    T0.toEpochMilli())), store.loadXmppMemory(), "one row per pair; the forgotten one is gone");
            Instant later = T0.plus(Duration.ofHours(1));
            InMemorySubscriptionMemory memory = StoredSubscriptionMemory.open(store, POLICY,
                    Clock.fixed(later, ZoneOffset.UTC));
            assertEquals(SubscriptionMemory.Kind.DENIED,
                    memory.recall(alice(), contact("bob"), later).orElseThrow().kind());
            assertTrue(memory.recall(alice(), contact("carol"), later).isEmpty());
        }
    }

    @Test
    void pastQuietPeriodOrUnreadable_droppedAtStart() throws Exception {
        try (GatewayStore store = open()) {
            await(store.commitXmpp(List.of(
                    new XmppChange.PutMemory(new XmppMemoryRow("alice@jabber.test", "old@jabber.test", "DENIED",
                            T0.toEpochMilli())),
                    new XmppChange.PutMemory(new XmppMemoryRow("alice@jabber.test", "odd@jabber.test", "SOMETHING",
                            T0.toEpochMilli())))));
            Instant dayLater = T0.plus(Duration.ofHours(25));
            InMemorySubscriptionMemory memory = StoredSubscriptionMemory.open(store, POLICY,
                    Clock.fixed(dayLater, ZoneOffset.UTC));
            assertEquals(0, memory.size());
            await(store.commitXmpp(List.of()));
            assertEquals(List.of("odd@jabber.test"),
                    store.loadXmppMemory().stream().map(XmppMemoryRow::contact).toList(),
                    "the expired one is removed from the store; an unreadable one is left alone");
        }
    }
}
