package org.presencegw.gateway.jabber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.xmpp.ContactPresence;
import org.presencegw.xmpp.OwnPresence;
import org.presencegw.xmpp.PresenceKnowledge;
import org.presencegw.xmpp.Refusal;
import org.presencegw.xmpp.ResourcePresence;
import org.presencegw.xmpp.RosterSubscription;
import org.presencegw.xmpp.XmppAccount;

/** In-memory account: roster relation and resources per contact. */
final class FakeAccount implements XmppAccount {
    final EntityBareJid jid;
    final Map<BareJid, ContactPresence> contacts = new HashMap<>();
    final List<BareJid> requested = new ArrayList<>();
    final java.util.Set<BareJid> known = new java.util.HashSet<>();
    boolean onlineFlag = true;
    boolean receiving = true;
    Optional<Refusal> refusal = Optional.empty();

    FakeAccount(String jid) {
        this.jid = JidCreate.entityBareFromOrThrowUnchecked(jid);
    }

    void set(BareJid contact, RosterSubscription sub) {
        ContactPresence old = stored(contact);
        contacts.put(contact, new ContactPresence(contact, sub, false, PresenceKnowledge.KNOWN, old.resources()));
    }

    void online(BareJid contact, ResourcePresence r) {
        ContactPresence old = stored(contact);
        List<ResourcePresence> rs = new ArrayList<>(old.resources());
        rs.add(r);
        contacts.put(contact, new ContactPresence(contact, old.subscription(), false, PresenceKnowledge.KNOWN,
                rs));
    }

    @Override
    public EntityBareJid jid() {
        return jid;
    }

    @Override
    public boolean isOnline() {
        return onlineFlag;
    }

    @Override
    public boolean receivesPresence() {
        return onlineFlag && receiving;
    }

    @Override
    public boolean isPresenceKnown(BareJid contact) {
        return known.contains(contact);
    }

    private ContactPresence stored(BareJid contact) {
        return contacts.getOrDefault(contact, new ContactPresence(contact, RosterSubscription.NOT_IN_ROSTER,
                false, PresenceKnowledge.KNOWN, List.of()));
    }

    @Override
    public List<ContactPresence> roster() {
        return contacts.keySet().stream().map(this::contact).toList();
    }

    /** What the real account reports: nothing while offline, resources only once heard. */
    @Override
    public ContactPresence contact(BareJid contact) {
        ContactPresence s = stored(contact);
        ContactPresence cp = new ContactPresence(contact, s.subscription(), s.subscriptionPending(),
                s.knowledge(), s.resources(), refusal, s.groups());
        if (!onlineFlag) {
            return cp.withKnowledge(PresenceKnowledge.LINK_DOWN);
        }
        return known.contains(contact) && receiving ? cp : cp.withKnowledge(PresenceKnowledge.UNKNOWN);
    }

    @Override
    public void requestSubscription(BareJid contact) {
        requested.add(contact);
    }

    @Override
    public void setOwnPresence(OwnPresence presence, boolean receive) {
    }

    @Override
    public void close() {
    }
}
