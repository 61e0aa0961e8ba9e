package org.presencegw.gateway.jabber;

import java.util.List;
import java.util.Optional;
import org.jxmpp.jid.BareJid;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.xmpp.ContactPresence;
import org.presencegw.xmpp.PresenceKnowledge;
import org.presencegw.xmpp.ResourcePresence;

/**
 * One view: a contact (optionally one resource of it, {@code gr}) as one account sees it, with its watcher count and
 * the state last published for it. Guarded by its owner's ({@link AccountViews}) monitor.
 */
final class ContactView {
    final AccountViews owner;
    final ViewKey key;
    final BareJid contact;
    final Optional<String> resource;
    int watchers;
    PresenceState state = PresenceState.UNKNOWN;
    /** The pending timer ({@link Giveup}), if one runs. */
    java.util.concurrent.ScheduledFuture<?> giveup;

    ContactView(AccountViews owner, ViewKey key, BareJid contact, Optional<String> resource) {
        this.owner = owner;
        this.key = key;
        this.contact = contact;
        this.resource = resource;
    }

    /**
     * What the view's watchers see, from the contact's pushed state (a pure function, RFC 8048 5.3):
     * <ul>
     *   <li>account offline: unknown (RFC 8048 5.3.2), but a pending view stays pending (nothing is known either
     *       way);</li>
     *   <li>a contact the account sees ({@code to}/{@code both}): its presence when known, else unknown;</li>
     *   <li>a contact that approved our request but whose roster push has not come yet: unknown;</li>
     *   <li>any other contact: pending (our subscription request is on its way or unanswered).</li>
     * </ul>
     *
     * @param visible the contact's resources this view may show (see {@link JabberPresenceSource})
     */
    PresenceState stateFor(ContactPresence cp, boolean approved, List<ResourcePresence> visible) {
        if (cp.knowledge() == PresenceKnowledge.LINK_DOWN) {
            return state instanceof PresenceState.Pending ? state : PresenceState.UNKNOWN;
        }
        if (cp.subscription().seesContact()) {
            return cp.knowledge() == PresenceKnowledge.KNOWN
                    ? new PresenceState.Known(PresenceMapper.map(contact, visible)) : PresenceState.UNKNOWN;
        }
        return approved ? PresenceState.UNKNOWN : PresenceState.PENDING;
    }
}
