package org.presencegw.gateway.jabber;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jxmpp.jid.BareJid;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.xmpp.ContactPresence;
import org.presencegw.xmpp.PresenceKnowledge;
import org.presencegw.xmpp.ResourcePresence;
import org.presencegw.xmpp.RosterSubscription;
import org.presencegw.xmpp.XmppAccount;

/**
 * The views of one account: for each watched contact, the last {@link ContactPresence} the account pushed and the
 * views on it; the contacts that approved our subscription request; the number of watches. Guarded by its own
 * monitor (every method expects the caller to hold it); holds no I/O. The account's events land here through
 * {@link JabberPresenceSource}, one method each.
 */
final class AccountViews {

    /** One watched contact: its last pushed state and its views. */
    static final class Contact {
        ContactPresence last;
        final Set<ContactView> views = new HashSet<>();

        Contact(ContactPresence first) {
            this.last = first;
        }
    }

    /** Which of a contact's resources a view may show ({@code gr}, and no gateway resource of our own accounts). */
    @FunctionalInterface
    interface Visibility {
        List<ResourcePresence> visible(ContactPresence cp, Optional<String> resource);
    }

    final XmppAccount account;
    final Optional<SipAddress> sipUser;
    final Map<BareJid, Contact> contacts = new HashMap<>();
    final Set<BareJid> approved = new HashSet<>();
    private final Giveup giveup;
    private final Visibility visibility;
    private final PresenceSink sink;
    int watchCount;

    AccountViews(XmppAccount account, Optional<SipAddress> sipUser, Giveup giveup, Visibility visibility,
                 PresenceSink sink) {
        this.account = account;
        this.sipUser = sipUser;
        this.giveup = giveup;
        this.visibility = visibility;
        this.sink = sink;
    }

    /** The watched contact's entry, created from the account's current state on its first watch. */
    Contact contact(BareJid jid) {
        return contacts.computeIfAbsent(jid, c -> new Contact(account.contact(c)));
    }

    /** A watcher joins the view (its first one computes the state); returns whether it is the account's first. */
    boolean attach(Contact c, ContactView view) {
        if (view.watchers == 0 || view.state instanceof PresenceState.Terminated) {
            view.state = view.stateFor(c.last, approved.contains(view.contact),
                    visibility.visible(c.last, view.resource));
        }
        giveup.track(this, view, sink);
        view.watchers++;
        return watchCount++ == 0;
    }

    /** Drops the view; returns true when the account has no watch left. */
    boolean detach(ContactView view) {
        if (view.watchers <= 0) {
            return false;
        }
        view.watchers--;
        watchCount--;
        if (view.watchers == 0) {
            giveup.cancel(view);
            Contact c = contacts.get(view.contact);
            if (c != null) {
                c.views.remove(view);
                if (c.views.isEmpty()) {
                    contacts.remove(view.contact);
                }
            }
        }
        return watchCount == 0;
    }

    List<BareJid> watchedContacts() {
        return List.copyOf(contacts.keySet());
    }

    void contactChanged(ContactPresence presence) {
        if (presence.subscription().seesContact()) {
            approved.remove(presence.contact());
        }
        Contact c = contacts.get(presence.contact());
        if (c != null) {
            c.last = presence;
            refresh(presence.contact(), c);
        }
    }

    /** Approved: the view waits for the roster push (unknown); denied or ended: {@code rejected} (RFC 6665 4.2.1.3). */
    void subscriptionAnswered(BareJid contact, boolean yes) {
        if (yes) {
            approved.add(contact);
            Contact c = contacts.get(contact);
            if (c != null) {
                refresh(contact, c);
            }
        } else {
            approved.remove(contact);
            terminate(contact, TerminationReason.REJECTED);
        }
    }

    /** The user's own client or an admin removed the contact: authorization withdrawn, {@code rejected}. */
    void contactRemoved(BareJid contact) {
        approved.remove(contact);
        Contact c = contacts.get(contact);
        if (c != null) {
            c.last = new ContactPresence(contact, RosterSubscription.NOT_IN_ROSTER, false, c.last.knowledge(),
                    List.of(), c.last.refusal());
        }
        terminate(contact, TerminationReason.REJECTED);
    }

    /** The knowledge of every watched contact changed at once (link down or up, reception started or stopped). */
    void everyContact(PresenceKnowledge knowledge, boolean keepLinkDown) {
        for (Contact c : contacts.values()) {
            if (!(keepLinkDown && c.last.knowledge() == PresenceKnowledge.LINK_DOWN)) {
                c.last = c.last.withKnowledge(knowledge);
            }
        }
        for (BareJid contact : watchedContacts()) {
            refresh(contact, contacts.get(contact));
        }
    }

    /** Ends every watch of the contact with {@code reason} (once: a repeated answer changes nothing). */
    void terminate(BareJid contact, TerminationReason reason) {
        Contact c = contacts.get(contact);
        if (c == null) {
            return;
        }
        PresenceState ended = new PresenceState.Terminated(reason);
        for (ContactView view : c.views) {
            giveup.cancel(view);
            if (!(view.state instanceof PresenceState.Terminated)) {
                view.state = ended;
                sink.publish(view.key, ended);
            }
        }
    }

    /** Recomputes the contact's views from its last pushed state and publishes those that changed. */
    private void refresh(BareJid contact, Contact c) {
        boolean isApproved = approved.contains(contact);
        for (ContactView view : c.views) {
            if (view.state instanceof PresenceState.Terminated) {
                continue; // ended: its subscriptions are on their way out
            }
            PresenceState next = view.stateFor(c.last, isApproved, visibility.visible(c.last, view.resource));
            if (!next.equals(view.state)) {
                view.state = next;
                sink.publish(view.key, next);
                giveup.track(this, view, sink);
            }
        }
    }
}
