package org.presencegw.gateway.lists;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.presencegw.gateway.jabber.AddressMapper;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.xmpp.ContactPresence;
import org.presencegw.xmpp.XmppAccount;
import org.presencegw.xmpp.XmppAccountListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "roster" presence source: resource lists (RFC 4662) made of roster groups. {@code sip:<group>@<roster
 * domain>} (the group percent-encoded in the user part, matched case-sensitively) is that group of the watcher's
 * mapped account's roster; {@code sip:*@<roster domain>} ({@value #WHOLE_ROSTER}) is the whole roster. An unknown
 * group is an empty list, not an error. A watcher without a mapped account of its own gets 403 (the bridge account
 * serves single presentities, not lists). At most {@code maxMembers} members: the first ones in JID order.
 *
 * <p>Each member is watched through the jabber source as the list's watcher ({@link #watchMembersThrough}), so its
 * state, authorisation (a member not yet seen is asked for a subscription and is {@code pending}), the watching
 * loop and the XMPP -> PIDF mapping are exactly those of a single subscription. The list's state is a
 * {@link PresenceState.ResourceList} of the members' states, published whenever a member's view changes or a roster
 * push adds a member to the group or takes one out; the presence server turns it into full or partial RLMI bodies.
 *
 * <p>Threads and locks: everything runs under this object's monitor. {@link #watch} and {@link #release} (SIP
 * threads) call into the jabber source with it held; what the jabber source and the accounts push
 * ({@link #memberChanged} under the jabber source's account lock, the {@link XmppAccountListener} calls on account
 * lanes) is handed to {@code lane} (the gateway scheduler) and applied there, so the monitor is always taken before
 * the jabber source's locks, never after.
 */
public final class RosterListSource implements PresenceSource, XmppAccountListener {
    public static final String NAME = "roster";
    /** The user part that names the whole roster (a group literally called {@code *} cannot be addressed). */
    public static final String WHOLE_ROSTER = "*";
    private static final Logger LOG = LoggerFactory.getLogger(RosterListSource.class);

    private final AddressMapper addresses;
    private final String memberDomain;
    private final PresenceSink sink;
    private final Executor lane;
    private final int maxMembers;
    private final Map<SipAddress, XmppAccount> accounts = new ConcurrentHashMap<>();
    private final Map<ViewKey, ListView> lists = new ConcurrentHashMap<>();
    private final Map<ViewKey, Set<ListView>> byMember = new ConcurrentHashMap<>();
    private volatile PresenceSource members;
    /** Member watches under way (see {@link #memberChanged}). */
    private final AtomicInteger watching = new AtomicInteger();

    /**
     * @param memberDomain the SIP domain of member URIs (a jabber domain of the domain table)
     * @param lane         where pushed changes are applied, one at a time, in order (the gateway scheduler)
     */
    public RosterListSource(AddressMapper addresses, String memberDomain, PresenceSink sink, Executor lane,
                            int maxMembers) {
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.memberDomain = Objects.requireNonNull(memberDomain, "memberDomain");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.lane = Objects.requireNonNull(lane, "lane");
        if (maxMembers < 1) {
            throw new IllegalArgumentException("maxMembers " + maxMembers);
        }
        this.maxMembers = maxMembers;
    }

    /** The source members are watched through (the jabber source); set once at wiring, before the server starts. */
    public void watchMembersThrough(PresenceSource source) {
        this.members = Objects.requireNonNull(source, "source");
    }

    /** Serves a mapped SIP user's lists from its account. */
    public void addMappedAccount(SipAddress sipUser, XmppAccount account) {
        accounts.put(sipUser.withoutGr(), account);
    }

    /** Stops serving a SIP user's lists: their watchers get {@code terminated;reason=deactivated}. */
    public void removeMappedAccount(SipAddress sipUser) {
        XmppAccount gone = accounts.remove(sipUser.withoutGr());
        if (gone != null) {
            synchronized (this) {
                listsOf(gone.jid()).forEach(v -> sink.publish(v.key, new PresenceState.Terminated(
                        TerminationReason.DEACTIVATED)));
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean servesLists() {
        return true;
    }

    @Override
    public synchronized WatchResult watch(SipAddress watcher, SipAddress presentity) {
        XmppAccount account = accounts.get(watcher.withoutGr());
        if (account == null) {
            return new WatchResult.Refused(403, "Forbidden (no account mapping for " + watcher.withoutGr()
                    + "; lists are served from mapped accounts)");
        }
        String group = presentity.user();
        ViewKey key = new ViewKey(NAME, account.jid() + " " + group);
        ListView view = lists.computeIfAbsent(key, k -> new ListView(k, account, group, watcher.withoutGr()));
        if (view.watchers++ == 0) {
            refill(view);
            LOG.debug("list {} of {}: {} member(s)", group, account.jid(), view.members.size());
        }
        return new WatchResult.Accepted(key, view.state());
    }

    @Override
    public synchronized Optional<PresenceState> current(ViewKey key) {
        return Optional.ofNullable(lists.get(key)).<PresenceState>map(ListView::state);
    }

    @Override
    public synchronized void release(ViewKey key, SipAddress watcher) {
        ListView view = lists.get(key);
        if (view == null) {
            LOG.warn("release of a list that has no watchers: {}", key);
            return;
        }
        if (--view.watchers > 0) {
            return;
        }
        lists.remove(key, view);
        for (ListView.Member m : view.members.values()) {
            unwatch(view, m);
        }
        view.members.clear();
    }

    /**
     * The jabber source published a view's new state (called under its lock: only handed over). A view that is no
     * member is skipped, unless a member's watch is under way: its view is registered only when the watch returns
     * (a publish before the watch is in the state the watch returns; one after it waits in the lane until then).
     */
    public void memberChanged(ViewKey memberView, PresenceState state) {
        if (watching.get() > 0 || byMember.containsKey(memberView)) {
            lane.execute(() -> applyMemberChange(memberView, state));
        }
    }

    private synchronized void applyMemberChange(ViewKey memberView, PresenceState state) {
        for (ListView view : List.copyOf(byMember.getOrDefault(memberView, Set.of()))) {
            for (ListView.Member m : view.members.values()) {
                if (m.view.equals(Optional.of(memberView))) {
                    m.state = state;
                    if (state instanceof PresenceState.Terminated) {
                        unwatch(view, m); // the member's watch ended: the list shows it terminated, with its reason
                    }
                }
            }
            sink.publish(view.key, view.state());
        }
    }

    @Override
    public void contactChanged(EntityBareJid account, ContactPresence presence) {
        if (lists.isEmpty()) {
            return; // a list made meanwhile reads the roster as it is then
        }
        lane.execute(() -> rosterChanged(account, presence.contact(), Optional.of(presence.groups())));
    }

    @Override
    public void contactRemoved(EntityBareJid account, BareJid contact) {
        lane.execute(() -> rosterChanged(account, contact, Optional.empty()));
    }

    @Override
    public void subscriptionAnswered(EntityBareJid account, BareJid contact, boolean approved) {
        // The jabber source publishes the member's view: memberChanged.
    }

    @Override
    public void connectionChanged(EntityBareJid account, boolean online) {
        // Members' views go unknown and back through the jabber source; roster changes follow as contactChanged.
    }

    /** A roster push: the lists of that account whose membership of {@code contact} changed are filled anew. */
    private synchronized void rosterChanged(EntityBareJid account, BareJid contact, Optional<Set<String>> groups) {
        for (ListView view : listsOf(account)) {
            boolean member = view.members.containsKey(contact.toString());
            boolean belongs = groups.isPresent() && view.includes(groups.get());
            if (member != belongs && refill(view)) {
                sink.publish(view.key, view.state());
            }
        }
    }

    private List<ListView> listsOf(EntityBareJid account) {
        return lists.values().stream().filter(v -> v.account.jid().equals(account)).toList();
    }

    /**
     * Makes the list's members those of the roster now (the first {@code maxMembers} in JID order): watches the
     * new ones, releases the ones that left. Returns whether anything changed.
     */
    private boolean refill(ListView view) {
        TreeMap<String, BareJid> wanted = new TreeMap<>();
        for (ContactPresence c : view.account.roster()) {
            if (view.includes(c.groups()) && servable(c.contact())) {
                wanted.put(c.contact().toString(), c.contact());
            }
        }
        while (wanted.size() > maxMembers) {
            wanted.pollLastEntry();
        }
        boolean changed = false;
        for (String jid : List.copyOf(view.members.keySet())) {
            if (!wanted.containsKey(jid)) {
                unwatch(view, view.members.remove(jid));
                changed = true;
            }
        }
        for (Map.Entry<String, BareJid> e : wanted.entrySet()) {
            if (!view.members.containsKey(e.getKey())) {
                view.members.put(e.getKey(), watchMember(view, e.getValue()));
                changed = true;
            }
        }
        return changed;
    }

    /** Only contacts a SIP URI of the member domain can name (the XMPP domain's users) can be watched. */
    private boolean servable(BareJid contact) {
        SipAddress uri = addresses.toSip(contact, memberDomain);
        return addresses.toJid(uri).map(contact::equals).orElse(false);
    }

    private ListView.Member watchMember(ListView view, BareJid contact) {
        SipAddress uri = addresses.toSip(contact, memberDomain);
        watching.incrementAndGet();
        try {
            WatchResult result = members.watch(view.watcher, uri);
            if (result instanceof WatchResult.Accepted accepted) {
                byMember.computeIfAbsent(accepted.view(), k -> new HashSet<>()).add(view);
                return new ListView.Member(contact, uri, Optional.of(accepted.view()), accepted.current());
            }
            return refused(view, contact, uri, (WatchResult.Refused) result);
        } finally {
            watching.decrementAndGet();
        }
    }

    private static ListView.Member refused(ListView view, BareJid contact, SipAddress uri,
                                           WatchResult.Refused refused) {
        LOG.debug("list {}: member {} refused: {} {}", view.key, contact, refused.status(), refused.reason());
        return new ListView.Member(contact, uri, Optional.empty(), new PresenceState.Terminated(
                TerminationReason.REJECTED));
    }

    private void unwatch(ListView view, ListView.Member m) {
        if (m.view.isEmpty()) {
            return;
        }
        ViewKey memberView = m.view.get();
        m.view = Optional.empty();
        byMember.computeIfPresent(memberView, (k, set) -> {
            set.remove(view);
            return set.isEmpty() ? null : set;
        });
        members.release(memberView, view.watcher);
    }
}
