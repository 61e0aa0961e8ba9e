package org.presencegw.xmpp;

import java.util.Objects;
import org.jxmpp.jid.EntityBareJid;

/** One account the gateway logs into. {@link #toString()} never shows the password. */
public record XmppCredentials(EntityBareJid jid, String password) {
    public XmppCredentials {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "XmppCredentials[" + jid + "]";
    }
}
