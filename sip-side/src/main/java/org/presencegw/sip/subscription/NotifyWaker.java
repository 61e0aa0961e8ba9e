package org.presencegw.sip.subscription;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a NOTIFY toward a destination ends ({@link NotifyBudget#release}): subscriptions dropped by a
 * back-off end as a NOTIFY timeout ends them, and the woken subscription sends the NOTIFY that waited in its lane;
 * one that has none (or whose pacing holds it) hands the slot to the next waiting one. Called without any
 * subscription's monitor held; takes each subscription's monitor in turn, never two at once.
 */
final class NotifyWaker {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyWaker.class);

    private NotifyWaker() {
    }

    /**
     * @param drop        ends a subscription whose waiting NOTIFY is dropped (under its monitor)
     * @param sendWaiting sends a subscription's waiting NOTIFY (under its monitor); false when nothing went out
     */
    static void wake(String destination, NotifyBudget.Released released, NotifyBudget budget,
                     Consumer<Subscription> drop, Predicate<Subscription> sendWaiting) {
        for (Subscription s : released.drop()) {
            synchronized (s) {
                LOG.debug("[{}] waiting NOTIFY dropped: {} does not answer", s.key().callId(), destination);
                drop.accept(s);
            }
        }
        Optional<Subscription> next = released.wake();
        while (next.isPresent()) {
            Subscription s = next.get();
            boolean used;
            synchronized (s) {
                used = sendWaiting.test(s);
            }
            next = used ? Optional.empty() : budget.next(destination);
        }
    }
}
