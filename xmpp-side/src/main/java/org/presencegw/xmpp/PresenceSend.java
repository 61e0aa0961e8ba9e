package org.presencegw.xmpp;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends one presence stanza (ours or a subscription one) on an account's current session, if it has one. */
final class PresenceSend {
    private static final Logger LOG = LoggerFactory.getLogger(SmackXmppAccount.class); // its lines, as before

    private PresenceSend() {
    }

    /**
     * @param connection the account's current connection, or null between sessions
     * @return whether it was handed to the connection; when not, our presence is sent after the next login
     */
    static boolean send(AbstractXMPPConnection connection, EntityBareJid jid, Presence presence) {
        if (connection == null || !connection.isAuthenticated()) {
            return false;
        }
        try {
            connection.sendStanza(presence);
            return true;
        } catch (SmackException.NotConnectedException e) {
            LOG.debug("{}: not connected, presence is sent after the next login", jid);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
