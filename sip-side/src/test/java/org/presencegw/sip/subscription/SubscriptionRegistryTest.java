package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.event.PresencePackage;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.testing.FakePresenceSource;

/**
 * The registry's count of live subscriptions ({@code limits.subscriptions_total} is checked against it) is kept by
 * the registry itself, not asked of the map: it must follow every add and remove, count a taken dialog and a
 * repeated or stale remove not at all, and stay exact under threads. {@link SubscriptionRegistry#anyOf} gives a live
 * member of a view.
 */
class SubscriptionRegistryTest {

    private static Subscription subscription(String watcher, String callId) {
        DialogRecord dialog = new DialogRecord(callId, "ours-" + callId, "theirs", "sip:bob@example.com",
                "sip:" + watcher, 0, 1, List.of(), "sip:" + watcher + ":5070",
                new Flow("10.0.0.1", 5070, "UDP"), Optional.empty());
        return new Subscription(dialog, new ViewKey("fake", "bob"), SipAddress.parse("sip:" + watcher),
                SipAddress.parse("sip:bob@example.com"), new FakePresenceSource(), new PresencePackage(),
                PresencePackage.PIDF, "", 0);
    }

    @Test
    void size_followsAddsAndRemoves_notTakenDialogsOrRepeatedRemoves() {
        SubscriptionRegistry registry = new SubscriptionRegistry();
        Subscription a = subscription("alice@sip.example", "c1");
        Subscription b = subscription("carol@sip.example", "c2");
        assertTrue(registry.add(a));
        assertTrue(registry.add(b));
        assertFalse(registry.add(subscription("alice@sip.example", "c1")), "the dialog is taken");
        assertEquals(2, registry.size());

        registry.remove(subscription("alice@sip.example", "c1")); // same dialog, not the one registered
        assertEquals(2, registry.size());
        registry.remove(a);
        registry.remove(a);
        assertEquals(1, registry.size());
        registry.remove(b);
        assertEquals(0, registry.size());
        assertEquals(0, registry.watchers());
    }

    @Test
    void anyOf_aLiveSubscriptionOfTheView_orNull() {
        SubscriptionRegistry r = new SubscriptionRegistry();
        ViewKey bob = new ViewKey("fake", "bob");
        assertNull(r.anyOf(bob));
        Subscription a = subscription("alice@sip.example", "c1");
        Subscription b = subscription("carol@sip.example", "c2");
        r.add(a);
        r.add(b);
        assertNull(r.anyOf(new ViewKey("fake", "dave")));
        Subscription one = r.anyOf(bob);
        assertTrue(one == a || one == b, "a subscription of the view");
        r.remove(one);
        assertSame(one == a ? b : a, r.anyOf(bob));
        r.remove(a);
        r.remove(b);
        assertNull(r.anyOf(bob));
    }

    @Test
    void size_exactUnderThreads() throws Exception {
        SubscriptionRegistry registry = new SubscriptionRegistry();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        Subscription s = subscription("w" + thread + "-" + i + "@sip.example", thread + "-" + i);
                        registry.add(s);
                        registry.add(s);
                        if (i % 2 == 0) {
                            registry.remove(s);
                            registry.remove(s);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4 * 1000, registry.size());
        assertEquals(registry.all().size(), registry.size());
    }
}
