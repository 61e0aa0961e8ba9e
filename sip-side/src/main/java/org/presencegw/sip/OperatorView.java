package org.presencegw.sip;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.presencegw.sip.api.SipStats;
import org.presencegw.sip.subscription.SubscriptionQueries;

/**
 * What operators see of the SIP side and may do to it (the gateway's admin API, health and metrics); nothing here
 * depends on a metrics library.
 *
 * @param stats         counters of final responses, handling times and NOTIFY outcomes
 * @param subscriptions snapshots and counts of live subscriptions, and ending one
 * @param listening     true while the stack is up and serving
 */
public record OperatorView(SipStats stats, SubscriptionQueries subscriptions, BooleanSupplier listening) {
    public OperatorView {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(listening, "listening");
    }
}
