package org.presencegw.sip.subscription;

import java.util.Map;
import java.util.Optional;
import org.presencegw.sip.event.BodyContext;
import org.presencegw.sip.model.PresenceState;

/**
 * Renders a subscription's NOTIFY body when the NOTIFY is sent (not when it is queued: a coalesced NOTIFY is never
 * rendered, and a package's body version has no gaps).
 */
@FunctionalInterface
interface Bodies {

    /** Called under the subscription's monitor. */
    Optional<byte[]> render(Subscription s, PresenceState state);

    /** Every body rendered for its own subscription. */
    Bodies DIRECT = (s, state) -> counted(s, s.eventPackage().body(state, s.bodyContext()));

    /**
     * Bodies of one fan-out: a package whose bodies depend only on entity, type and package data renders once per
     * such triple for all the view's subscriptions; the map must only be used for one state.
     */
    static Bodies cached(Map<String, Optional<byte[]>> cache) {
        return (s, state) -> {
            BodyContext context = s.bodyContext();
            if (s.eventPackage().bodyPerSubscription()) {
                return counted(s, s.eventPackage().body(state, context));
            }
            String key = s.eventPackage().name() + ' ' + context.mediaType() + ' ' + context.packageData() + ' '
                    + context.entity();
            return counted(s, cache.computeIfAbsent(key, k -> s.eventPackage().body(state, context)));
        };
    }

    private static Optional<byte[]> counted(Subscription s, Optional<byte[]> body) {
        if (body.isPresent()) {
            s.bodySent();
        }
        return body;
    }
}
