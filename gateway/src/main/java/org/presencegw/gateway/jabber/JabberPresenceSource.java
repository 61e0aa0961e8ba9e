package org.presencegw.gateway.jabber;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.xmpp.ContactPresence;
import org.presencegw.xmpp.ResourcePresence;
import org.presencegw.xmpp.XmppAccount;
import org.presencegw.xmpp.XmppAccountListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "jabber" presence source: serves SIP watchers from the roster of their mapped Jabber account (or the shared
 * bridge account), as DESIGN.md's account mapping semantics say.
 *
 * <ul>
 *   <li>The watcher's account is found by its SIP address of record; no mapping and no bridge account: 403.</li>
 *   <li>A contact the account sees ({@code to}/{@code both}) gives its presence (RFC 8048 5.3.1); while the account
 *       is offline, or the contact's presence is not known since the account (re)started receiving presence,
 *       the state is unknown, never a made-up "closed" (RFC 8048 5.3.2).</li>
 *   <li>Any other contact is asked for a subscription and the watch is pending until the answer: approved gives
 *       active, denied gives {@code terminated;reason=rejected} (RFC 8048 5.3.1, RFC 6665 4.2.1.3).</li>
 *   <li>A contact removed from the roster ends its watches with {@code reason=noresource}.</li>
 * </ul>
 *
 * <p>Each account's state sits behind that account's own lock; no I/O happens under it (the account's
 * {@code requestSubscription} and {@code setOwnPresence} are asynchronous).
 */
public final class JabberPresenceSource implements PresenceSource, XmppAccountListener {
    public static final String NAME = "jabber";
    private static final Logger LOG = LoggerFactory.getLogger(JabberPresenceSource.class);

    private final String gatewayResource;
    private final AddressMapper addresses;
    private final PresenceSink sink;
    private final OwnPresencePolicy ownPresence;
    private final Map<SipAddress, AccountViews> bySipUser = new ConcurrentHashMap<>();
    private final Map<EntityBareJid, AccountViews> byJid = new ConcurrentHashMap<>();
    private final Map<ViewKey, View> views = new ConcurrentHashMap<>();
    private volatile Optional<AccountViews> bridge = Optional.empty();

    /**
     * @param gatewayResource the resource the gateway uses on its own accounts; that resource of a contact that is
     *                        itself one of the gateway's accounts carries the SIP user's mirrored state (the reverse
     *                        direction) and is never shown back to SIP watchers as the contact's own presence
     */
    public JabberPresenceSource(AddressMapper addresses, PresenceSink sink, OwnPresencePolicy ownPresence,
                                String gatewayResource) {
        this.gatewayResource = Objects.requireNonNull(gatewayResource, "gatewayResource");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.ownPresence = Objects.requireNonNull(ownPresence, "ownPresence");
    }

    /** Adds the account mapped to a SIP user. Call before the SIP server starts. */
    public void addMappedAccount(SipAddress sipUser, XmppAccount account) {
        AccountViews views = new AccountViews(account, Optional.of(sipUser.withoutGr()));
        bySipUser.put(sipUser.withoutGr(), views);
        byJid.put(account.jid(), views);
    }

    /** Sets the shared bridge account serving watchers without a mapping of their own. */
    public void setBridgeAccount(XmppAccount account) {
        AccountViews views = new AccountViews(account, Optional.empty());
        byJid.put(account.jid(), views);
        bridge = Optional.of(views);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WatchResult watch(SipAddress watcher, SipAddress presentity) {
        AccountViews views = bySipUser.get(watcher.withoutGr());
        if (views == null) {
            views = bridge.orElse(null);
        }
        if (views == null) {
            return new WatchResult.Refused(403, "Forbidden (no account mapping for " + watcher.withoutGr() + ")");
        }
        Optional<EntityBareJid> contact = addresses.toJid(presentity);
        if (contact.isEmpty()) {
            return new WatchResult.Refused(404, "Not Found (not a Jabber address)");
        }
        boolean firstWatch;
        WatchResult.Accepted accepted;
        synchronized (views) {
            firstWatch = views.watchCount == 0;
            View view = views.attach(contact.get(), presentity.gr());
            accepted = new WatchResult.Accepted(view.key, view.state);
        }
        if (firstWatch) {
            AccountViews v = views;
            v.sipUser.ifPresent(u -> ownPresence.watchingChanged(u, v.account, true));
        }
        return accepted;
    }

    @Override
    public void release(ViewKey key, SipAddress watcher) {
        View view = views.get(key);
        if (view == null) {
            LOG.warn("release of a view that has no watchers: {}", key);
            return;
        }
        AccountViews owner = view.owner;
        boolean lastWatch;
        synchronized (owner) {
            lastWatch = owner.detach(view);
        }
        if (lastWatch) {
            owner.sipUser.ifPresent(u -> ownPresence.watchingChanged(u, owner.account, false));
        }
    }

    @Override
    public void contactChanged(EntityBareJid account, ContactPresence presence) {
        AccountViews owner = byJid.get(account);
        if (owner == null) {
            return;
        }
        synchronized (owner) {
            if (presence.subscription().seesContact()) {
                owner.approved.remove(presence.contact());
            }
            owner.refresh(presence.contact());
        }
    }

    @Override
    public void subscriptionAnswered(EntityBareJid account, BareJid contact, boolean approved) {
        AccountViews owner = byJid.get(account);
        if (owner == null) {
            return;
        }
        synchronized (owner) {
            if (approved) {
                owner.approved.add(contact);
                owner.refresh(contact);
            } else {
                owner.approved.remove(contact);
                owner.terminate(contact, TerminationReason.REJECTED);
            }
        }
    }

    @Override
    public void contactRemoved(EntityBareJid account, BareJid contact) {
        AccountViews owner = byJid.get(account);
        if (owner == null) {
            return;
        }
        synchronized (owner) {
            owner.approved.remove(contact);
            owner.terminate(contact, TerminationReason.NORESOURCE);
        }
    }

    @Override
    public void connectionChanged(EntityBareJid account, boolean online) {
        AccountViews owner = byJid.get(account);
        if (owner == null) {
            return;
        }
        LOG.info("{} is {}", account, online ? "online" : "offline: its watchers get no state until it is back");
        synchronized (owner) {
            owner.refreshAll();
        }
    }

    @Override
    public void presenceReceptionChanged(EntityBareJid account, boolean receiving) {
        AccountViews owner = byJid.get(account);
        if (owner == null) {
            return;
        }
        synchronized (owner) {
            owner.refreshAll();
        }
    }

    /** Number of views with at least one watcher (for tests and metrics). */
    public int viewCount() {
        return views.size();
    }

    /** One (account, contact, resource) view and its watcher count; guarded by its owner's monitor. */
    private static final class View {
        final AccountViews owner;
        final ViewKey key;
        final BareJid contact;
        final Optional<String> resource;
        int watchers;
        PresenceState state = PresenceState.UNKNOWN;

        View(AccountViews owner, ViewKey key, BareJid contact, Optional<String> resource) {
            this.owner = owner;
            this.key = key;
            this.contact = contact;
            this.resource = resource;
        }
    }

    /** Views and bookkeeping of one account. Guarded by its own monitor. */
    private final class AccountViews {
        final XmppAccount account;
        final Optional<SipAddress> sipUser;
        final Map<BareJid, Set<View>> viewsByContact = new HashMap<>();
        final Set<BareJid> approved = new HashSet<>();
        int watchCount;

        AccountViews(XmppAccount account, Optional<SipAddress> sipUser) {
            this.account = account;
            this.sipUser = sipUser;
        }

        View attach(BareJid contact, Optional<String> resource) {
            String id = account.jid() + " " + contact + resource.map(r -> " /" + r).orElse("");
            ViewKey key = new ViewKey(NAME, id);
            View view = views.computeIfAbsent(key, k -> {
                View v = new View(this, k, contact, resource);
                viewsByContact.computeIfAbsent(contact, c -> new HashSet<>()).add(v);
                return v;
            });
            if (view.watchers == 0 || view.state instanceof PresenceState.Terminated) {
                view.state = stateOf(view, view.state);
            }
            view.watchers++;
            watchCount++;
            return view;
        }

        /** Returns true when the account has no watcher left. */
        boolean detach(View view) {
            if (view.watchers <= 0) {
                return false;
            }
            view.watchers--;
            watchCount--;
            if (view.watchers == 0) {
                views.remove(view.key);
                Set<View> same = viewsByContact.get(view.contact);
                if (same != null) {
                    same.remove(view);
                    if (same.isEmpty()) {
                        viewsByContact.remove(view.contact);
                    }
                }
            }
            return watchCount == 0;
        }

        /**
         * The state a view's watchers see now. Asks the contact for a subscription when the account has none.
         * A pending view stays pending while the account is offline (nothing is known either way).
         */
        PresenceState stateOf(View view, PresenceState previous) {
            if (!account.isOnline()) {
                return previous instanceof PresenceState.Pending ? previous : PresenceState.UNKNOWN;
            }
            ContactPresence cp = account.contact(view.contact);
            if (cp.subscription().seesContact()) {
                if (!account.receivesPresence() || !account.isPresenceKnown(view.contact)) {
                    return PresenceState.UNKNOWN;
                }
                return new PresenceState.Known(PresenceMapper.map(visibleResources(cp, view.resource)));
            }
            if (approved.contains(view.contact)) {
                return PresenceState.UNKNOWN;
            }
            account.requestSubscription(view.contact);
            return PresenceState.PENDING;
        }

        void refresh(BareJid contact) {
            for (View view : viewsByContact.getOrDefault(contact, Set.of())) {
                PresenceState next = stateOf(view, view.state);
                if (!next.equals(view.state)) {
                    view.state = next;
                    sink.publish(view.key, next);
                }
            }
        }

        void refreshAll() {
            for (BareJid contact : List.copyOf(viewsByContact.keySet())) {
                refresh(contact);
            }
        }

        void terminate(BareJid contact, TerminationReason reason) {
            for (View view : viewsByContact.getOrDefault(contact, Set.of())) {
                view.state = new PresenceState.Terminated(reason);
                sink.publish(view.key, view.state);
            }
        }
    }

    /**
     * The contact's resources a watcher sees: only the {@code gr}-selected one if any, and never the gateway's own
     * resource of a contact that is one of the gateway's accounts (no loops: that resource mirrors SIP state).
     */
    private List<ResourcePresence> visibleResources(ContactPresence cp, Optional<String> resource) {
        boolean ownAccount = cp.contact().asEntityBareJidIfPossible() != null
                && byJid.containsKey(cp.contact().asEntityBareJidIfPossible());
        return cp.resources().stream()
                .filter(r -> resource.isEmpty() || r.resource().equals(resource.get()))
                .filter(r -> !(ownAccount && r.resource().equals(gatewayResource)))
                .toList();
    }
}
