package org.presencegw.gateway.config;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/** Turns config text into typed jxmpp JIDs, explaining what is wrong. */
final class JidParser {
    private JidParser() {
    }

    /** An entity bare JID ({@code local@domain}, no resource) from {@code section.key}. */
    static EntityBareJid entityBare(YamlSection section, String key) throws ConfigException {
        String text = section.requiredString(key);
        if (text.indexOf('/') >= 0) {
            throw section.error(key, "'" + text + "' must be a bare JID (no /resource)");
        }
        int at = text.indexOf('@');
        if (at <= 0 || text.indexOf('@', at + 1) >= 0 || !HostNames.isHostOrAddress(text.substring(at + 1))) {
            throw section.error(key, "'" + text + "' is not a JID of the form user@domain");
        }
        try {
            return JidCreate.entityBareFrom(text);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw section.error(key, "'" + text + "' is not a valid JID");
        }
    }

    /** A domain JID ({@code jabber.example.com}) from {@code section.key}. */
    static DomainBareJid domain(YamlSection section, String key) throws ConfigException {
        String text = section.requiredString(key);
        if (text.indexOf('@') >= 0 || text.indexOf('/') >= 0 || !HostNames.isHostOrAddress(text)) {
            throw section.error(key, "'" + text + "' is not an XMPP domain name");
        }
        try {
            return JidCreate.domainBareFrom(text);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw section.error(key, "'" + text + "' is not a valid XMPP domain");
        }
    }
}
