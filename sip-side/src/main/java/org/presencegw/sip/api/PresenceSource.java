package org.presencegw.sip.api;

import java.util.Optional;
import org.presencegw.sip.model.PresenceState;

/**
 * Where presence for one kind of SIP domain comes from ("jabber", "registrar"). sip-side knows nothing else about
 * it. Implementations must be thread-safe and must not block: {@link #watch} runs on a SIP stack thread.
 * State changes are pushed to the {@link PresenceSink} given at wiring time.
 */
public interface PresenceSource {

    /** The source name used in the domain table, e.g. {@code jabber}. */
    String name();

    /**
     * A watcher wants the presence of a presentity. Decide at once (no I/O); start any slow work (an XMPP
     * subscription request, say) asynchronously and report its outcome later through the sink.
     * Each {@link WatchResult.Accepted} must later be matched by exactly one {@link #release} call.
     */
    WatchResult watch(SipAddress watcher, SipAddress presentity);

    /**
     * Whether this source serves resource lists (RFC 4662): its presentities are lists, its states
     * {@link org.presencegw.sip.model.PresenceState.ResourceList}, and a SUBSCRIBE without {@code Supported:
     * eventlist} gets 421 before {@link #watch} is asked.
     */
    default boolean servesLists() {
        return false;
    }

    /**
     * The view's state now: what its last {@link PresenceSink#publish} said, or what {@link #watch} returned if
     * nothing was published since; empty when the source has no such view. Asked once more right after a new
     * subscription is registered, when something was published since its {@link #watch}: that change may have been
     * fanned out before the subscription could receive it (the watch itself often starts it: an XMPP account's
     * probe answers). Thread-safe, no I/O; must reflect every state already passed to {@link PresenceSink#publish}.
     */
    Optional<PresenceState> current(ViewKey view);

    /** One subscription on this view has ended (unsubscribed, expired, failed, shut down). */
    void release(ViewKey view, SipAddress watcher);
}
