package org.presencegw.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.presencegw.gateway.config.AccountMapping;
import org.presencegw.gateway.jabber.JabberPresenceSource;
import org.presencegw.gateway.lists.RosterListSource;
import org.presencegw.gateway.lists.TeeListener;
import org.presencegw.gateway.reverse.ReverseDirection;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.xmpp.OwnPresence;
import org.presencegw.xmpp.XmppAccount;
import org.presencegw.xmpp.XmppAccounts;
import org.presencegw.xmpp.XmppCredentials;
import org.presencegw.xmpp.XmppEndpoint;

/**
 * The Jabber accounts the gateway is logged into and where each is plugged in: a mapped account serves its SIP
 * user's watches (the jabber source) and lists (the roster source), and carries its SIP user's state (the reverse
 * direction); the bridge account serves watchers without a mapping. Accounts come and go at start-up and on a configuration reload. Not
 * thread-safe: the gateway calls it from one thread at a time (start, then reloads under its lock).
 */
final class MappedAccounts {

    private final XmppAccounts xmpp;
    private final XmppEndpoint endpoint;
    private final JabberPresenceSource jabber;
    private final ReverseDirection reverse;
    private final RosterListSource lists;
    private final Map<SipAddress, XmppAccount> mapped = new LinkedHashMap<>();

    MappedAccounts(XmppAccounts xmpp, XmppEndpoint endpoint, JabberPresenceSource jabber, ReverseDirection reverse,
                   RosterListSource lists) {
        this.xmpp = xmpp;
        this.lists = lists;
        this.endpoint = endpoint;
        this.jabber = jabber;
        this.reverse = reverse;
    }

    /** Logs into the mapping's account (in the background) and serves its SIP user with it. */
    void add(AccountMapping m) {
        XmppAccount account = xmpp.open(endpoint, m.xmpp(), new TeeListener(jabber, lists));
        jabber.addMappedAccount(m.sip(), account);
        lists.addMappedAccount(m.sip(), account);
        reverse.addMappedUser(m.sip(), account);
        mapped.put(m.sip().withoutGr(), account);
    }

    /** Stops serving the mapping (its watchers get {@code terminated;reason=deactivated}) and logs out. */
    void remove(AccountMapping m) {
        lists.removeMappedAccount(m.sip());
        reverse.removeMappedUser(m.sip());
        jabber.removeMappedAccount(m.sip()).ifPresent(XmppAccount::close);
        mapped.remove(m.sip().withoutGr());
    }

    /** Replaces the bridge account (none: no bridge); watchers of the old one get {@code deactivated}. */
    void bridge(Optional<XmppCredentials> credentials) {
        jabber.removeBridgeAccount().ifPresent(XmppAccount::close);
        credentials.ifPresent(c -> {
            XmppAccount bridge = xmpp.open(endpoint, c, jabber);
            jabber.setBridgeAccount(bridge);
            // The bridge account is the gateway's own, not a person: it is available so that it receives presence.
            bridge.setOwnPresence(OwnPresence.AVAILABLE);
        });
    }

    int size() {
        return mapped.size();
    }
}
