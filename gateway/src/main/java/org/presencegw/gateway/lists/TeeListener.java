package org.presencegw.gateway.lists;

import java.util.List;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.presencegw.xmpp.ContactPresence;
import org.presencegw.xmpp.PresenceError;
import org.presencegw.xmpp.XmppAccountListener;

/** Hands every event of an account to several listeners, in order (an account has one listener). */
public final class TeeListener implements XmppAccountListener {
    private final List<XmppAccountListener> listeners;

    public TeeListener(XmppAccountListener... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void contactChanged(EntityBareJid account, ContactPresence presence) {
        listeners.forEach(l -> l.contactChanged(account, presence));
    }

    @Override
    public void subscriptionAnswered(EntityBareJid account, BareJid contact, boolean approved) {
        listeners.forEach(l -> l.subscriptionAnswered(account, contact, approved));
    }

    @Override
    public void contactRemoved(EntityBareJid account, BareJid contact) {
        listeners.forEach(l -> l.contactRemoved(account, contact));
    }

    @Override
    public void presenceError(EntityBareJid account, BareJid contact, PresenceError error) {
        listeners.forEach(l -> l.presenceError(account, contact, error));
    }

    @Override
    public void connectionChanged(EntityBareJid account, boolean online) {
        listeners.forEach(l -> l.connectionChanged(account, online));
    }

    @Override
    public void presenceReceptionChanged(EntityBareJid account, boolean receiving) {
        listeners.forEach(l -> l.presenceReceptionChanged(account, receiving));
    }
}
