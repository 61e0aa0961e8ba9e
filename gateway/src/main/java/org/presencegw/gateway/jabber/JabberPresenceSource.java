package org.presencegw.gateway.jabber;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
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
import org.presencegw.xmpp.PresenceError;
import org.presencegw.xmpp.PresenceKnowledge;
import org.presencegw.xmpp.Refusal;
import org.presencegw.xmpp.ResourcePresence;
import org.presencegw.xmpp.SubscriptionMemory;
import org.presencegw.xmpp.XmppAccount;
import org.presencegw.xmpp.XmppAccountListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "jabber" presence source: serves SIP watchers from the roster of their mapped Jabber account (or the shared
 * bridge account), as docs/DESIGN.md's account mapping semantics say.
 *
 * <ul>
 *   <li>The watcher's account is found by its SIP address of record; no mapping and no bridge account: 403.</li>
 *   <li>A contact the account sees ({@code to}/{@code both}) gives its presence (RFC 8048 5.3.1); while its presence
 *       is not known (account offline, or no answer since the account started receiving presence) the state is
 *       unknown, never a made-up "closed" (RFC 8048 5.3.2). {@link ContactView#stateFor} is the whole rule.</li>
 *   <li>Any other contact is asked for a subscription when it is watched, and the watch is pending until the
 *       answer: approved gives active, denied gives {@code terminated;reason=rejected} (RFC 8048 5.3.1, RFC 6665
 *       4.2.1.3); no answer within {@code xmpp.subscription_giveup} gives {@code reason=giveup} ({@link Giveup},
 *       AZ-09); a {@code <presence type='error'/>} gives the reason {@link ErrorReasons} picks (AZ-08). A contact
 *       whose subscription was denied, revoked or dropped within the quiet period is refused at once (403) and
 *       not asked again ({@link ContactPresence#refusal()}). A contact removed from the roster, or whose
 *       subscription ends, ends its watches with {@code reason=rejected}.</li>
 * </ul>
 *
 * <p>Data flows one way: the accounts push typed values ({@link ContactPresence} with its {@link
 * PresenceKnowledge}, link and reception changes) and this source keeps the last one of every watched contact; the
 * only query, {@link XmppAccount#contact}, is made on a contact's first watch and has no side effect. The one
 * command, {@link XmppAccount#requestSubscription}, is sent from {@link #watch}, where a watch asks for it.
 *
 * <p><b>The watching loop.</b> The first watch of a mapped account tells the {@link OwnPresencePolicy} (the reverse
 * direction) that its SIP user is watching; that makes the account receive its contacts' presence: its gateway
 * resource becomes available to the server (to the contacts too, unless the phone PUBLISHed itself {@code closed}:
 * then it is hidden from them by directed presence, RFC 6121 4.6); only then does the XMPP server deliver the
 * contacts' presence (RFC 6121 4.2), and only then does the account send its subscription requests (ejabberd
 * delivers the answers only to such a session). {@link #presenceReceptionChanged} marks every watched contact
 * unknown, and the server's probe answers (RFC 6121 4.3) come back as {@link #contactChanged}, which publishes each
 * view's real state to the presence server, which NOTIFYs the watchers. A contact the server says nothing about
 * (ejabberd does not answer probes for offline contacts) is pushed as known offline when the grace period
 * ({@code xmpp.presence_grace}) ends. The same happens after every reconnect, so every watcher gets the true state
 * again without re-subscribing; the last release runs the loop backwards (resource unavailable, reception stopped).
 * A user never looks online just because the gateway runs; a watcher's first NOTIFY is the unknown state, the real
 * one follows within the grace period.
 *
 * <p>Each account's state sits behind that account's own lock ({@link AccountViews}); no I/O happens under it (the
 * account's {@code requestSubscription} and {@code setOwnPresence} are asynchronous).
 */
public final class JabberPresenceSource implements PresenceSource, XmppAccountListener {
    public static final String NAME = "jabber";
    private static final Logger LOG = LoggerFactory.getLogger(JabberPresenceSource.class);

    private final String gatewayResource;
    private final AddressMapper addresses;
    private final PresenceSink sink;
    private final OwnPresencePolicy ownPresence;
    private final Giveup giveup;
    private final Map<SipAddress, AccountViews> bySipUser = new ConcurrentHashMap<>();
    private final Map<EntityBareJid, AccountViews> byJid = new ConcurrentHashMap<>();
    private final Map<ViewKey, ContactView> views = new ConcurrentHashMap<>();
    private volatile Optional<AccountViews> bridge = Optional.empty();

    /** A source whose pending views never give up (they end when their subscriptions expire). */
    public JabberPresenceSource(AddressMapper addresses, PresenceSink sink, OwnPresencePolicy ownPresence,
                                String gatewayResource) {
        this(addresses, sink, ownPresence, gatewayResource, null, Duration.ZERO);
    }

    /**
     * @param gatewayResource the resource the gateway uses on its own accounts; that resource of a contact that is
     *                        itself one of the gateway's accounts carries the SIP user's mirrored state (the reverse
     *                        direction) and is never shown back to SIP watchers as the contact's own presence
     * @param timers          where pending views' giveup timers run (the gateway scheduler)
     * @param pendingGiveup   how long a view may stay pending ({@code xmpp.subscription_giveup}); zero: forever
     */
    public JabberPresenceSource(AddressMapper addresses, PresenceSink sink, OwnPresencePolicy ownPresence,
                                String gatewayResource, ScheduledExecutorService timers, Duration pendingGiveup) {
        this.gatewayResource = Objects.requireNonNull(gatewayResource, "gatewayResource");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.ownPresence = Objects.requireNonNull(ownPresence, "ownPresence");
        this.giveup = pendingGiveup.isZero() || timers == null ? Giveup.NEVER : new Giveup(timers, pendingGiveup);
    }

    /** Adds the account mapped to a SIP user. Call before the SIP server starts. */
    public void addMappedAccount(SipAddress sipUser, XmppAccount account) {
        AccountViews v = views(account, Optional.of(sipUser.withoutGr()));
        bySipUser.put(sipUser.withoutGr(), v);
        byJid.put(account.jid(), v);
    }

    /** Sets the shared bridge account serving watchers without a mapping of their own. */
    public void setBridgeAccount(XmppAccount account) {
        AccountViews v = views(account, Optional.empty());
        byJid.put(account.jid(), v);
        bridge = Optional.of(v);
    }

    private AccountViews views(XmppAccount account, Optional<SipAddress> sipUser) {
        return new AccountViews(account, sipUser, giveup, this::visible, sink);
    }

    /**
     * Stops serving a SIP user's mapped account (a configuration reload removed or changed the mapping): every
     * watch on it ends with {@code terminated;reason=deactivated}, so the watcher subscribes again at once (RFC 6665
     * 4.1.3) and is served by what the new configuration says. Returns the account for the caller to close.
     */
    public Optional<XmppAccount> removeMappedAccount(SipAddress sipUser) {
        AccountViews owner = bySipUser.remove(sipUser.withoutGr());
        if (owner == null) {
            return Optional.empty();
        }
        byJid.remove(owner.account.jid(), owner);
        deactivate(owner);
        return Optional.of(owner.account);
    }

    /** Stops serving through the bridge account, as {@link #removeMappedAccount} does; returns it to close. */
    public Optional<XmppAccount> removeBridgeAccount() {
        Optional<AccountViews> old = bridge;
        bridge = Optional.empty();
        old.ifPresent(owner -> {
            byJid.remove(owner.account.jid(), owner);
            deactivate(owner);
        });
        return old.map(owner -> owner.account);
    }

    private void deactivate(AccountViews owner) {
        synchronized (owner) {
            for (BareJid contact : owner.watchedContacts()) {
                owner.terminate(contact, TerminationReason.DEACTIVATED);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WatchResult watch(SipAddress watcher, SipAddress presentity) {
        AccountViews owner = Optional.ofNullable(bySipUser.get(watcher.withoutGr())).or(() -> bridge).orElse(null);
        if (owner == null) {
            return new WatchResult.Refused(403, "Forbidden (no account mapping for " + watcher.withoutGr() + ")");
        }
        Optional<EntityBareJid> contact = addresses.toJid(presentity);
        if (contact.isEmpty()) {
            return new WatchResult.Refused(404, "Not Found (not a Jabber address)");
        }
        boolean firstWatch;
        boolean ask;
        WatchResult.Accepted accepted;
        synchronized (owner) {
            AccountViews.Contact c = owner.contact(contact.get());
            boolean seen = c.last.subscription().seesContact() || owner.approved.contains(contact.get());
            // Asked of the account, not taken from c.last: the refusal is remembered as the roster push or the
            // answer arrives, and the state pushed with it may predate it; a phone that subscribes again at once
            // (before the ended view let go of c) must still be refused.
            Optional<Refusal> refused = seen ? Optional.<Refusal>empty()
                    : owner.account.contact(contact.get()).refusal();
            if (!seen && refused.isPresent()) {
                if (c.views.isEmpty()) {
                    owner.contacts.remove(contact.get());
                }
                return new WatchResult.Refused(403, "Forbidden (" + contact.get() + " "
                        + (refused.get().kind() == SubscriptionMemory.Kind.DENIED ? "denied" : "dropped")
                        + " the presence subscription; not asked again before " + refused.get().until() + ")");
            }
            ContactView view = attach(owner, c, contact.get(), presentity.gr());
            firstWatch = owner.attach(c, view);
            ask = !seen;
            accepted = new WatchResult.Accepted(view.key, view.state);
        }
        if (ask) {
            owner.account.requestSubscription(contact.get()); // deduplicated and queued while offline by the account
        }
        if (firstWatch) {
            owner.sipUser.ifPresent(u -> ownPresence.watchingChanged(u, owner.account, true)); // the loop starts
        }
        return accepted;
    }

    private ContactView attach(AccountViews owner, AccountViews.Contact c, BareJid contact,
                               Optional<String> resource) {
        // The contact's views, one per resource asked for (mostly one), are the ones the key below would find: a
        // watched contact's next watcher does not build the key's text and look it up again.
        for (ContactView v : c.views) {
            if (v.resource.equals(resource)) {
                return v;
            }
        }
        String id = owner.account.jid() + " " + contact + resource.map(r -> " /" + r).orElse("");
        return views.computeIfAbsent(new ViewKey(NAME, id), k -> {
            ContactView v = new ContactView(owner, k, contact, resource);
            c.views.add(v);
            return v;
        });
    }

    @Override
    public Optional<PresenceState> current(ViewKey key) {
        ContactView view = views.get(key);
        if (view == null) {
            return Optional.empty();
        }
        synchronized (view.owner) { // where the view's state is set, and published from
            return Optional.of(view.state);
        }
    }

    @Override
    public void release(ViewKey key, SipAddress watcher) {
        ContactView view = views.get(key);
        if (view == null) {
            LOG.warn("release of a view that has no watchers: {}", key);
            return;
        }
        AccountViews owner = view.owner;
        boolean lastWatch;
        synchronized (owner) {
            lastWatch = owner.detach(view);
            if (view.watchers == 0) {
                views.remove(key, view);
            }
        }
        if (lastWatch) {
            owner.sipUser.ifPresent(u -> ownPresence.watchingChanged(u, owner.account, false));
        }
    }

    @Override
    public void contactChanged(EntityBareJid account, ContactPresence presence) {
        withOwner(account, owner -> owner.contactChanged(presence));
    }

    @Override
    public void subscriptionAnswered(EntityBareJid account, BareJid contact, boolean approved) {
        withOwner(account, owner -> owner.subscriptionAnswered(contact, approved));
    }

    @Override
    public void contactRemoved(EntityBareJid account, BareJid contact) {
        withOwner(account, owner -> owner.contactRemoved(contact));
    }

    @Override
    public void presenceError(EntityBareJid account, BareJid contact, PresenceError error) {
        withOwner(account, owner -> {
            AccountViews.Contact c = owner.contacts.get(contact);
            if (c != null && !c.last.subscription().seesContact()) {
                owner.terminate(contact, ErrorReasons.reasonFor(error));
            }
        });
    }

    @Override
    public void connectionChanged(EntityBareJid account, boolean online) {
        LOG.info("{} is {}", account, online ? "online" : "offline: its watchers get no state until it is back");
        withOwner(account, owner -> owner.everyContact(online ? PresenceKnowledge.UNKNOWN
                : PresenceKnowledge.LINK_DOWN, false));
    }

    @Override
    public void presenceReceptionChanged(EntityBareJid account, boolean receiving) {
        withOwner(account, owner -> owner.everyContact(PresenceKnowledge.UNKNOWN, true));
    }

    /** Number of views with at least one watcher (for tests and metrics). */
    public int viewCount() {
        return views.size();
    }

    private void withOwner(EntityBareJid account, java.util.function.Consumer<AccountViews> change) {
        AccountViews owner = byJid.get(account);
        if (owner != null) {
            synchronized (owner) {
                change.accept(owner);
            }
        }
    }

    /**
     * The contact's resources a watcher sees: only the {@code gr}-selected one if any, and never the gateway's own
     * resource of a contact that is one of the gateway's accounts (no loops: that resource mirrors SIP state).
     */
    List<ResourcePresence> visible(ContactPresence cp, Optional<String> resource) {
        EntityBareJid asAccount = cp.contact().asEntityBareJidIfPossible();
        boolean ownAccount = asAccount != null && byJid.containsKey(asAccount);
        return cp.resources().stream()
                .filter(r -> resource.isEmpty() || r.resource().equals(resource.get()))
                .filter(r -> !(ownAccount && r.resource().equals(gatewayResource)))
                .toList();
    }
}
