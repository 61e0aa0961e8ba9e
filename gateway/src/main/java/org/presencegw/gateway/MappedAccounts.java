package org.presencegw.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.presencegw.gateway.admin.OperatorModel;
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
 * direction); the bridge account serves watchers without a mapping. Accounts come and go at start-up and on a
 * configuration reload; the admin listener reads them meanwhile, so every method takes this object's monitor (none
 * blocks).
 */
final class MappedAccounts {

    private final XmppAccounts xmpp;
    private final XmppEndpoint endpoint;
    private final JabberPresenceSource jabber;
    private final ReverseDirection reverse;
    private final RosterListSource lists;
    private final Map<SipAddress, XmppAccount> mapped = new LinkedHashMap<>();
    private Optional<XmppAccount> bridge = Optional.empty();

    MappedAccounts(XmppAccounts xmpp, XmppEndpoint endpoint, JabberPresenceSource jabber, ReverseDirection reverse,
                   RosterListSource lists) {
        this.xmpp = xmpp;
        this.lists = lists;
        this.endpoint = endpoint;
        this.jabber = jabber;
        this.reverse = reverse;
    }

    /** Logs into the mapping's account (in the background) and serves its SIP user with it. */
    synchronized void add(AccountMapping m) {
        XmppAccount account = xmpp.open(endpoint, m.xmpp(), new TeeListener(jabber, lists));
        jabber.addMappedAccount(m.sip(), account);
        lists.addMappedAccount(m.sip(), account);
        reverse.addMappedUser(m.sip(), account);
        mapped.put(m.sip().withoutGr(), account);
    }

    /** Stops serving the mapping (its watchers get {@code terminated;reason=deactivated}) and logs out. */
    synchronized void remove(AccountMapping m) {
        lists.removeMappedAccount(m.sip());
        reverse.removeMappedUser(m.sip());
        jabber.removeMappedAccount(m.sip()).ifPresent(XmppAccount::close);
        mapped.remove(m.sip().withoutGr());
    }

    /** Replaces the bridge account (none: no bridge); watchers of the old one get {@code deactivated}. */
    synchronized void bridge(Optional<XmppCredentials> credentials) {
        jabber.removeBridgeAccount().ifPresent(XmppAccount::close);
        bridge = credentials.map(c -> {
            XmppAccount account = xmpp.open(endpoint, c, jabber);
            jabber.setBridgeAccount(account);
            // The bridge account is the gateway's own, not a person: it is available so that it receives presence.
            account.setOwnPresence(OwnPresence.AVAILABLE);
            return account;
        });
    }

    /** Every account as operators see it: mapped ones in file order, then the bridge ({@code sip} empty). */
    synchronized List<OperatorModel.AccountStatus> statuses() {
        List<OperatorModel.AccountStatus> out = new ArrayList<>();
        mapped.forEach((sip, a) -> out.add(new OperatorModel.AccountStatus(sip.uri(), a.jid().toString(),
                a.linkState(), a.rosterSize())));
        bridge.ifPresent(a -> out.add(new OperatorModel.AccountStatus("", a.jid().toString(), a.linkState(),
                a.rosterSize())));
        return out;
    }

    /** Asks the account {@code jid} (mapped or bridge) to reconnect now; false when there is none. */
    synchronized boolean reconnect(String jid) {
        for (XmppAccount a : mapped.values()) {
            if (a.jid().toString().equals(jid)) {
                a.reconnect();
                return true;
            }
        }
        if (bridge.isPresent() && bridge.get().jid().toString().equals(jid)) {
            bridge.get().reconnect();
            return true;
        }
        return false;
    }

    synchronized int size() {
        return mapped.size();
    }
}
