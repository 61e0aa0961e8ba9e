package org.presencegw.sip.api;

/**
 * What one peer, and the whole server, may hold (the gateway's {@code limits:} section, issue 10). Every bound is
 * at least 1; {@link #DEFAULTS} are the documented defaults.
 *
 * @param subscriptionsPerWatcher        live subscriptions of one watcher AOR (the From URI without {@code gr});
 *                                       a new one beyond gets 403 (a policy: retrying does not help)
 * @param subscriptionsTotal             live subscriptions of the server; a new one beyond gets 503 + Retry-After
 * @param bindingsPerAor                 registrar bindings of one AOR; a REGISTER adding more gets 403
 * @param requestsPerSecondPerSource     token bucket per source IP address (burst twice this); a request beyond
 *                                       gets 503 + Retry-After (trusted networks are not limited)
 * @param pendingNotifiesPerDestination  unanswered NOTIFYs toward one destination (transport, address, port);
 *                                       beyond, NOTIFYs wait coalesced in their subscription's lane, and a
 *                                       destination that keeps timing out is backed off and its waiting NOTIFYs
 *                                       dropped (their subscriptions end, as a NOTIFY timeout ends them)
 * @param publicationsPerAor             live publications (RFC 3903) of one presentity; a new one beyond replaces
 *                                       the one that lapses first
 * @param publicationsTotal              live publications of the server; a new one beyond gets 503 + Retry-After
 */
public record Limits(int subscriptionsPerWatcher, int subscriptionsTotal, int bindingsPerAor,
                     int requestsPerSecondPerSource, int pendingNotifiesPerDestination, int publicationsPerAor,
                     int publicationsTotal) {

    /** Default of {@code publications_per_aor}. */
    public static final int PUBLICATIONS_PER_AOR = 10;
    /** Default of {@code publications_total}. */
    public static final int PUBLICATIONS_TOTAL = 200_000;

    /** The defaults of issue 10's contract, and of the publication limits added beside it. */
    public static final Limits DEFAULTS = new Limits(200, 500_000, 10, 200, 32);

    public Limits {
        if (subscriptionsPerWatcher < 1 || subscriptionsTotal < 1 || bindingsPerAor < 1
                || requestsPerSecondPerSource < 1 || pendingNotifiesPerDestination < 1 || publicationsPerAor < 1
                || publicationsTotal < 1) {
            throw new IllegalArgumentException("every limit must be at least 1: " + this);
        }
    }

    /** The limits of issue 10's keys, with the default publication limits. */
    public Limits(int subscriptionsPerWatcher, int subscriptionsTotal, int bindingsPerAor,
                  int requestsPerSecondPerSource, int pendingNotifiesPerDestination) {
        this(subscriptionsPerWatcher, subscriptionsTotal, bindingsPerAor, requestsPerSecondPerSource,
                pendingNotifiesPerDestination, PUBLICATIONS_PER_AOR, PUBLICATIONS_TOTAL);
    }
}
