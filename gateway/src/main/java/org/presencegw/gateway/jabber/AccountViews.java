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
import org.presencegw.xmpp.XmppAccount;

/**
 * The views of one account: for each watched contact, the last {@link ContactPresence} the account pushed and the
 * views on it; the contacts that approved our subscription request; the number of watches. Guarded by its own
 * monitor (every method expects the caller to hold it); holds no I/O.
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

    final XmppAccount account;
    final Optional<SipAddress> sipUser;
    final Map<BareJid, Contact> contacts = new HashMap<>();
    final Set<BareJid> approved = new HashSet<>();
    int watchCount;

    AccountViews(XmppAccount account, Optional<SipAddress> sipUser) {
        this.account = account;
        this.sipUser = sipUser;
    }

    /** The watched contact's entry, created from the account's current state on its first watch. */
    Contact contact(BareJid jid) {
        return contacts.computeIfAbsent(jid, c -> new Contact(account.contact(c)));
    }

    /** The knowledge of every watched contact changed at once (link down or up, reception started or stopped). */
    void everyContact(PresenceKnowledge knowledge) {
        for (Contact c : contacts.values()) {
            c.last = c.last.withKnowledge(knowledge);
        }
    }

    /** Drops the view; returns true when the account has no watch left. */
    boolean detach(ContactView view) {
        if (view.watchers <= 0) {
            return false;
        }
        view.watchers--;
        watchCount--;
        if (view.watchers == 0) {
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

    /** Which of a contact's resources a view may show ({@code gr}, and no gateway resource of our own accounts). */
    @FunctionalInterface
    interface Visibility {
        List<ResourcePresence> visible(ContactPresence cp, Optional<String> resource);
    }

    /** Recomputes the contact's views from its last pushed state and publishes those that changed. */
    void refresh(BareJid contact, Contact c, Visibility visibility, PresenceSink sink) {
        boolean isApproved = approved.contains(contact);
        for (ContactView view : c.views) {
            PresenceState next = view.stateFor(c.last, isApproved, visibility.visible(c.last, view.resource));
            if (!next.equals(view.state)) {
                view.state = next;
                sink.publish(view.key, next);
            }
        }
    }

    void refreshAll(Visibility visibility, PresenceSink sink) {
        for (BareJid contact : watchedContacts()) {
            refresh(contact, contacts.get(contact), visibility, sink);
        }
    }

    /** Ends every watch of the contact with {@code reason}. */
    void terminate(BareJid contact, TerminationReason reason, PresenceSink sink) {
        Contact c = contacts.get(contact);
        if (c == null) {
            return;
        }
        for (ContactView view : c.views) {
            view.state = new PresenceState.Terminated(reason);
            sink.publish(view.key, view.state);
        }
    }
}
