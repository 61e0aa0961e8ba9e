package org.presencegw.sip.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The tests' waits, all on Awaitility: "until it holds, within a generous bound". A test that must prove that
 * nothing happens lets time pass on purpose (e.g. {@link SipTestAgent#expectNoNotify}) and says so.
 */
public final class Awaiting {

    /** How often a condition is looked at: short, so that a wait ends soon after the condition holds. */
    public static final Duration POLL = Duration.ofMillis(20);

    private Awaiting() {
    }

    /**
     * An Awaitility condition named {@code what}, bounded by {@code atMost}, polled every {@link #POLL} from the
     * calling thread (so that assertion errors and thread-confined test state behave as in plain code).
     */
    public static ConditionFactory within(Duration atMost, String what) {
        return await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL).pollInSameThread();
    }

    /**
     * Takes items from {@code queue} until one matches, and returns it; items taken before it are dropped (the
     * caller looks for the first one that matters). Items after it stay in the queue. Fails, listing what was
     * dropped, when none matches within {@code atMost}.
     */
    public static <T> T firstMatch(BlockingQueue<T> queue, String what, Duration atMost, Predicate<? super T> match,
                                   Function<? super T, String> describe) {
        List<String> dropped = new CopyOnWriteArrayList<>();
        AtomicReference<T> found = new AtomicReference<>();
        try {
            within(atMost, what).until(() -> {
                for (T item = queue.poll(); item != null; item = queue.poll()) {
                    if (match.test(item)) {
                        found.set(item);
                        return true;
                    }
                    dropped.add(describe.apply(item));
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " within " + atMost + "; got " + dropped, e);
        }
        return found.get();
    }
}
