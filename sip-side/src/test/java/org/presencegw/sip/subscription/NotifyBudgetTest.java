package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.event.PresencePackage;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.stack.Flow;

/** Issue 10: unanswered NOTIFYs per destination; a silent destination is backed off and costs only itself. */
class NotifyBudgetTest {

    private final AtomicLong now = new AtomicLong();
    private final NotifyBudget budget = new NotifyBudget(2, now::get);

    @Test
    void limitReached_nextWaits_releaseWakesItInOrder() {
        Subscription a = sub("a");
        Subscription b = sub("b");
        Subscription c = sub("c");
        assertEquals(NotifyBudget.Admission.SEND, budget.tryAcquire("d1", a));
        assertEquals(NotifyBudget.Admission.SEND, budget.tryAcquire("d1", b));
        assertEquals(NotifyBudget.Admission.WAIT, budget.tryAcquire("d1", c));
        assertEquals(NotifyBudget.Admission.WAIT, budget.tryAcquire("d1", c), "a second wait is coalesced");
        assertEquals(1, budget.waiting("d1"));
        assertEquals(Optional.of(c), budget.release("d1", false).wake());
        assertEquals(NotifyBudget.Admission.SEND, budget.tryAcquire("d1", c));
        assertEquals(2, budget.inFlight("d1"));
    }

    @Test
    @DisplayName("SEC-05: a silent destination does not hold up another")
    void otherDestination_notHeldUpBySilentOne() {
        budget.tryAcquire("silent", sub("a"));
        budget.tryAcquire("silent", sub("b"));
        assertEquals(NotifyBudget.Admission.WAIT, budget.tryAcquire("silent", sub("c")));
        assertEquals(NotifyBudget.Admission.SEND, budget.tryAcquire("live", sub("d")));
    }

    @Test
    void timeoutsInARow_backOff_waitingDropped_probeOnly_thenAnswerEndsBackOff() {
        NotifyBudget big = new NotifyBudget(5, now::get);
        for (int i = 0; i < 5; i++) {
            big.tryAcquire("dead", sub("s" + i));
        }
        Subscription w1 = sub("w1");
        Subscription w2 = sub("w2");
        Subscription w3 = sub("w3");
        for (Subscription w : java.util.List.of(w1, w2, w3)) {
            assertEquals(NotifyBudget.Admission.WAIT, big.tryAcquire("dead", w));
        }
        assertEquals(Optional.of(w1), big.release("dead", true).wake());
        assertEquals(NotifyBudget.Admission.SEND, big.tryAcquire("dead", w1));
        assertEquals(Optional.of(w2), big.release("dead", true).wake());
        assertEquals(NotifyBudget.Admission.SEND, big.tryAcquire("dead", w2));
        NotifyBudget.Released third = big.release("dead", true);
        assertEquals(java.util.List.of(w3), third.drop(), "the third timeout in a row backs off: waiting dropped");
        assertTrue(third.wake().isEmpty());
        assertEquals(NotifyBudget.Admission.DROP, big.tryAcquire("dead", sub("x")), "two still in flight > probe");
        for (int i = 0; i < 4; i++) {
            big.release("dead", true);
        }
        assertEquals(NotifyBudget.Admission.SEND, big.tryAcquire("dead", sub("probe")), "one probe at a time");
        assertEquals(NotifyBudget.Admission.DROP, big.tryAcquire("dead", sub("y")));
        big.release("dead", false);
        assertEquals(NotifyBudget.Admission.SEND, big.tryAcquire("dead", sub("z")), "an answer ends the back-off");
        assertEquals(NotifyBudget.Admission.SEND, big.tryAcquire("dead", sub("z2")));
    }

    @Test
    void timeoutsWhileTheDestinationAnswersOthers_doNotBackItOff() {
        NotifyBudget big = new NotifyBudget(10, now::get);
        for (int i = 0; i < 8; i++) {
            big.tryAcquire("proxy", sub("s" + i));
        }
        big.release("proxy", false); // a live watcher behind the proxy answers
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        for (int i = 0; i < 5; i++) {
            assertTrue(big.release("proxy", true).drop().isEmpty(), "dead watchers' NOTIFYs time out together");
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(NotifyBudget.Admission.SEND, big.tryAcquire("proxy", sub("n" + i)), "not backed off");
        }
        // no answer at all for longer than a NOTIFY transaction lives: the destination is silent, back off
        now.addAndGet(TimeUnit.SECONDS.toNanos(NotifyBudget.ALIVE_WINDOW_SECONDS + 1));
        assertEquals(10, big.inFlight("proxy"));
        for (int i = 0; i < 10; i++) {
            big.release("proxy", true);
        }
        assertEquals(NotifyBudget.Admission.SEND, big.tryAcquire("proxy", sub("probe")), "one probe");
        assertEquals(NotifyBudget.Admission.DROP, big.tryAcquire("proxy", sub("x")), "backed off");
    }

    @Test
    void backOffEnds_afterItsTime() {
        for (int i = 0; i < 2; i++) {
            budget.tryAcquire("dead", sub("s" + i));
        }
        budget.release("dead", true);
        budget.tryAcquire("dead", sub("t"));
        budget.release("dead", true);
        budget.tryAcquire("dead", sub("u"));
        budget.release("dead", true);
        budget.release("dead", true);
        budget.tryAcquire("dead", sub("probe"));
        assertEquals(NotifyBudget.Admission.DROP, budget.tryAcquire("dead", sub("v")));
        // Two timeouts past the threshold: 5 s, then 10 s.
        now.addAndGet(TimeUnit.SECONDS.toNanos(3L * NotifyBudget.FIRST_BACKOFF_SECONDS));
        assertEquals(NotifyBudget.Admission.SEND, budget.tryAcquire("dead", sub("w")));
    }

    @Test
    void idleDestinations_areForgotten_tableBounded() {
        for (int i = 0; i < 1000; i++) {
            Subscription s = sub("s" + i);
            budget.tryAcquire("d" + i, s);
            budget.release("d" + i, false);
        }
        assertEquals(0, budget.destinations());
    }

    @Test
    void cancelledWaiter_isNotWoken() {
        Subscription a = sub("a");
        Subscription b = sub("b");
        Subscription c = sub("c");
        budget.tryAcquire("d", a);
        budget.tryAcquire("d", b);
        budget.tryAcquire("d", c);
        budget.cancel("d", c);
        assertTrue(budget.release("d", false).wake().isEmpty());
    }

    private static Subscription sub(String id) {
        DialogRecord d = new DialogRecord(id, "lt", "rt", "sip:bob@example.com", "sip:alice@example.com", 0, 1,
                java.util.List.of(), "sip:alice@127.0.0.1", new Flow("127.0.0.1", 5060, "udp"), Optional.empty());
        PresenceSource source = new PresenceSource() {
            @Override
            public String name() {
                return "t";
            }

            @Override
            public WatchResult watch(SipAddress watcher, SipAddress presentity) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<PresenceState> current(ViewKey view) {
                return Optional.empty();
            }

            @Override
            public void release(ViewKey view, SipAddress watcher) {
            }
        };
        return new Subscription(d, new ViewKey("t", "bob"), SipAddress.parse("sip:alice@example.com"),
                SipAddress.parse("sip:bob@example.com"), source, new PresencePackage(), "application/pidf+xml", "", 0);
    }
}
