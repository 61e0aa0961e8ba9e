package org.presencegw.gateway.reverse;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.presencegw.gateway.jabber.OwnPresencePolicy;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.SipUserListener;
import org.presencegw.sip.api.SipUserState;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.xmpp.OwnPresence;
import org.presencegw.xmpp.XmppAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jabber users see SIP users: keeps, per mapped SIP user, whether it is watching (from the jabber source), registered
 * and what it published (from the SIP side), and sets the mapped account's gateway resource accordingly with
 * {@link OwnPresenceMapper}. Only users with an account mapping have an XMPP presence; others are ignored.
 * A change is sent only when the result differs from what was last sent. While the user watches, the account keeps
 * receiving (RFC 6121 4.2) even if the phone PUBLISHed {@code closed}: then the resource is hidden from the contacts
 * by directed presence (RFC 6121 4.6, {@code XmppAccount#setOwnPresence(OwnPresence, boolean)}).
 */
public final class ReverseDirection implements SipUserListener, OwnPresencePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseDirection.class);

    private final Map<SipAddress, UserState> users = new ConcurrentHashMap<>();

    /** Registers a mapped SIP user and its account; the account starts unavailable. */
    public void addMappedUser(SipAddress sipUser, XmppAccount account) {
        users.put(sipUser.withoutGr(), new UserState(account));
    }

    /** Forgets a mapped user (configuration reload); its account is closed by the caller. */
    public void removeMappedUser(SipAddress sipUser) {
        users.remove(sipUser.withoutGr());
    }

    @Override
    public void watchingChanged(SipAddress sipUser, XmppAccount account, boolean watching) {
        update(sipUser, s -> s.watching = watching);
    }

    @Override
    public void userStateChanged(SipUserState state) {
        update(state.aor(), s -> {
            s.registered = state.registered();
            s.published = state.published();
        });
    }

    private void update(SipAddress sipUser, java.util.function.Consumer<UserState> change) {
        UserState s = users.get(sipUser.withoutGr());
        if (s == null) {
            return;
        }
        OwnPresence next;
        boolean receive;
        synchronized (s) {
            change.accept(s);
            next = OwnPresenceMapper.map(s.registered, s.watching, s.published);
            // A watching user's account must keep receiving its contacts' presence, even when the phone PUBLISHed
            // closed: the gateway resource is then hidden from the contacts, not unavailable to the server.
            receive = s.watching;
            if (next.equals(s.sent) && receive == s.sentReceive) {
                return;
            }
            s.sent = next;
            s.sentReceive = receive;
            // setOwnPresence is asynchronous; calling it under the lock keeps the order of changes per user.
            s.account.setOwnPresence(next, receive);
        }
        LOG.debug("{}: XMPP presence of {} is now {}{}", sipUser, s.account.jid(), describe(next),
                !next.available() && receive ? " (hidden, still receiving)" : "");
    }

    private static String describe(OwnPresence p) {
        if (!p.available()) {
            return "unavailable";
        }
        return p.show().name().toLowerCase(java.util.Locale.ROOT) + p.status().map(t -> " (" + t + ")").orElse("");
    }

    /** One mapped user's inputs and what was last announced. Guarded by its own monitor. */
    private static final class UserState {
        final XmppAccount account;
        boolean watching;
        boolean registered;
        Optional<PresenceDocument> published = Optional.empty();
        OwnPresence sent = OwnPresence.UNAVAILABLE;
        boolean sentReceive;

        UserState(XmppAccount account) {
            this.account = Objects.requireNonNull(account, "account");
        }
    }
}
