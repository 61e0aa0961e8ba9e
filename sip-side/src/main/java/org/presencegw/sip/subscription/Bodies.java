package org.presencegw.sip.subscription;

import java.util.Map;
import java.util.Optional;
import org.presencegw.sip.event.BodyContext;
import org.presencegw.sip.event.ListBodies;
import org.presencegw.sip.model.PresenceState;

/**
 * Renders a subscription's NOTIFY body when the NOTIFY is sent (not when it is queued: a coalesced NOTIFY is never
 * rendered, and a package's body version has no gaps). A resource list's state is rendered per subscription
 * ({@link ListBodies}): full state for a NOTIFY that answers a SUBSCRIBE or ends the subscription
 * ({@link #DIRECT}), partial state for one a change caused ({@link #cached}).
 */
@FunctionalInterface
interface Bodies {

    /** Called under the subscription's monitor. */
    Optional<NotifyBody> render(Subscription s, PresenceState state);

    /** Every body rendered for its own subscription. */
    Bodies DIRECT = (s, state) -> state instanceof PresenceState.ResourceList list ? list(s, list, true)
            : counted(s, s.eventPackage().body(state, s.bodyContext()));

    /**
     * Bodies of one fan-out: a package whose bodies depend only on entity, type and package data renders once per
     * such triple for all the view's subscriptions; the map must only be used for one state.
     */
    static Bodies cached(Map<String, Optional<byte[]>> cache) {
        return (s, state) -> {
            if (state instanceof PresenceState.ResourceList list) {
                return list(s, list, false);
            }
            BodyContext context = s.bodyContext();
            if (s.eventPackage().bodyPerSubscription()) {
                return counted(s, s.eventPackage().body(state, context));
            }
            String key = s.eventPackage().name() + ' ' + context.mediaType() + ' ' + context.packageData() + ' '
                    + context.entity();
            return counted(s, cache.computeIfAbsent(key, k -> s.eventPackage().body(state, context)));
        };
    }

    /** RFC 4662 section 5: the RLMI version rises by one with every body of the subscription. */
    private static Optional<NotifyBody> list(Subscription s, PresenceState.ResourceList list, boolean full) {
        ListBodies.Rendered r = ListBodies.render(s.eventPackage(), s.bodyContext(), list.members(),
                s.listMemory(), full);
        s.listMemory(r.memory());
        s.bodySent();
        return Optional.of(new NotifyBody(r.contentType(), r.body()));
    }

    private static Optional<NotifyBody> counted(Subscription s, Optional<byte[]> body) {
        if (body.isPresent()) {
            s.bodySent();
        }
        return body.map(b -> new NotifyBody(s.mediaType(), b));
    }
}
