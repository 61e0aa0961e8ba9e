package org.presencegw.gateway.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.gateway.jabber.AddressMapper;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.event.BodyContext;
import org.presencegw.sip.event.ListBodies;
import org.presencegw.sip.event.PresencePackage;
import org.presencegw.sip.model.ListMember;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.sip.testing.ResourceListNotify;
import org.presencegw.xmpp.ContactPresence;
import org.presencegw.xmpp.OwnPresence;
import org.presencegw.xmpp.PresenceKnowledge;
import org.presencegw.xmpp.RosterSubscription;
import org.presencegw.xmpp.XmppAccount;

/** The roster-group view of resource lists: membership from roster groups, pushes, members' states, the bound. */
class RosterListSourceTest {

    private static final SipAddress ALICE = SipAddress.parse("sip:alice@sip.test");
    private static final String LISTS = "lists.test";

    /** The jabber source as the list sees it: one view per member URI, state set by the test. */
    private static final class Members implements PresenceSource {
        final Map<String, PresenceState> states = new HashMap<>();
        final List<String> watched = new ArrayList<>();
        final List<String> released = new ArrayList<>();

        @Override
        public String name() {
            return "jabber";
        }

        @Override
        public WatchResult watch(SipAddress watcher, SipAddress presentity) {
            watched.add(presentity.uri());
            return new WatchResult.Accepted(new ViewKey("jabber", presentity.uri()),
                    states.getOrDefault(presentity.uri(), PresenceState.UNKNOWN));
        }

        @Override
        public Optional<PresenceState> current(ViewKey view) {
            return Optional.ofNullable(states.get(view.id()));
        }

        @Override
        public void release(ViewKey view, SipAddress watcher) {
            released.add(view.id());
        }
    }

    /** An account whose roster the test writes. */
    private static final class Account implements XmppAccount {
        final EntityBareJid jid = JidCreate.entityBareFromOrThrowUnchecked("alice@jabber.test");
        final Map<BareJid, ContactPresence> roster = new LinkedHashMap<>();

        ContactPresence put(String contact, String... groups) {
            BareJid j = JidCreate.bareFromOrThrowUnchecked(contact);
            ContactPresence c = new ContactPresence(j, RosterSubscription.BOTH, false, PresenceKnowledge.UNKNOWN,
                    List.of(), Optional.empty(), Set.of(groups));
            roster.put(j, c);
            return c;
        }

        @Override
        public EntityBareJid jid() {
            return jid;
        }

        @Override
        public boolean isOnline() {
            return true;
        }

        @Override
        public boolean receivesPresence() {
            return true;
        }

        @Override
        public boolean isPresenceKnown(BareJid contact) {
            return false;
        }

        @Override
        public ContactPresence contact(BareJid contact) {
            return roster.get(contact);
        }

        @Override
        public List<ContactPresence> roster() {
            return List.copyOf(roster.values());
        }

        @Override
        public void requestSubscription(BareJid contact) {
        }

        @Override
        public void setOwnPresence(OwnPresence presence, boolean receive) {
        }

        @Override
        public void close() {
        }
    }

    private final Members members = new Members();
    private final Account account = new Account();
    private final Map<ViewKey, PresenceState> published = new LinkedHashMap<>();
    private RosterListSource source = source(200);

    private RosterListSource source(int max) {
        RosterListSource s = new RosterListSource(new AddressMapper(JidCreate.domainBareFromOrThrowUnchecked(
                "jabber.test")), "jabber.test", published::put, Runnable::run, max);
        s.watchMembersThrough(members);
        s.addMappedAccount(ALICE, account);
        return s;
    }

    private static List<String> uris(PresenceState state) {
        return assertInstanceOf(PresenceState.ResourceList.class, state).members().stream().map(ListMember::uri)
                .toList();
    }

    private WatchResult.Accepted watch(String list) {
        return assertInstanceOf(WatchResult.Accepted.class, source.watch(ALICE, SipAddress.parse(list)));
    }

    private static String sip(String user) {
        return "sip:" + user + "@jabber.test";
    }

    @Test
    @DisplayName("RLS-01")
    void group_membersInJidOrder_watchedThroughTheJabberSource_percentDecodedCaseSensitive() {
        account.put("dave@jabber.test", "Team A");
        account.put("bob@jabber.test", "Team A", "x");
        account.put("carol@jabber.test", "team a");
        account.put("erin@elsewhere.example", "Team A");
        WatchResult.Accepted a = watch("sip:Team%20A@" + LISTS);
        assertEquals(List.of(sip("bob"), sip("dave")), uris(a.current()), "foreign domains and other case left out");
        assertEquals(List.of(sip("bob"), sip("dave")), members.watched);
        assertEquals(List.of(), uris(watch("sip:nobody@" + LISTS).current()), "unknown group: empty list");
        assertEquals(List.of(sip("bob"), sip("carol"), sip("dave")), uris(watch("sip:*@" + LISTS).current()));
        assertEquals(List.of(sip("bob"), sip("carol"), sip("dave")), uris(watch("sip:%2A@" + LISTS).current()));
    }

    @Test
    @DisplayName("RLS-06")
    void unmappedWatcher_403() {
        WatchResult r = source.watch(SipAddress.parse("sip:mallory@sip.test"), SipAddress.parse("sip:x@" + LISTS));
        assertEquals(403, assertInstanceOf(WatchResult.Refused.class, r).status());
    }

    @Test
    @DisplayName("RLS-04")
    void rosterPush_addsAndRemovesMembers_partialStateCarriesOnlyTheChange() {
        account.put("bob@jabber.test", "Team");
        account.put("carol@jabber.test", "Team");
        WatchResult.Accepted a = watch("sip:Team@" + LISTS);
        ListBodies.Rendered first = ListBodies.render(new PresencePackage(), context(0),
                ((PresenceState.ResourceList) a.current()).members(), ListBodies.Memory.NONE, true);

        ContactPresence dave = account.put("dave@jabber.test", "Team");
        source.contactChanged(account.jid, dave);
        assertEquals(List.of(sip("bob"), sip("carol"), sip("dave")), uris(published.get(a.view())));
        ResourceListNotify added = render(published.get(a.view()), 1, first.memory());
        assertEquals(List.of(sip("dave")), added.list().resources().stream().map(ResourceListNotify.Resource::uri)
                .toList());

        ContactPresence carol = account.put("carol@jabber.test");
        source.contactChanged(account.jid, carol);
        assertEquals(List.of(sip("bob"), sip("dave")), uris(published.get(a.view())));
        assertEquals(List.of(sip("carol")), members.released, "the member's watch ends with its membership");

        account.roster.remove(JidCreate.bareFromOrThrowUnchecked("bob@jabber.test"));
        source.contactRemoved(account.jid, JidCreate.bareFromOrThrowUnchecked("bob@jabber.test"));
        assertEquals(List.of(sip("dave")), uris(published.get(a.view())));
    }

    @Test
    @DisplayName("RLS-03")
    void memberViewChanged_listRepublished_terminatedMemberReleased() {
        account.put("bob@jabber.test", "Team");
        account.put("carol@jabber.test", "Team");
        WatchResult.Accepted a = watch("sip:Team@" + LISTS);
        source.memberChanged(new ViewKey("jabber", sip("bob")), PresenceState.PENDING);
        assertEquals(PresenceState.PENDING, ((PresenceState.ResourceList) published.get(a.view())).members().get(0)
                .state());
        source.memberChanged(new ViewKey("jabber", sip("carol")), new PresenceState.Terminated(
                TerminationReason.REJECTED));
        assertInstanceOf(PresenceState.Terminated.class, ((PresenceState.ResourceList) published.get(a.view()))
                .members().get(1).state());
        assertEquals(List.of(sip("carol")), members.released);
        source.memberChanged(new ViewKey("jabber", "sip:zed@jabber.test"), PresenceState.UNKNOWN);
        assertEquals(1, published.size(), "a view that is no member changes nothing");
    }

    @Test
    @DisplayName("RLS-08")
    void bound_firstMembersInJidOrder() {
        source = source(2);
        account.put("carol@jabber.test", "T");
        account.put("anna@jabber.test", "T");
        account.put("bob@jabber.test", "T");
        assertEquals(List.of(sip("anna"), sip("bob")), uris(watch("sip:T@" + LISTS).current()));
    }

    @Test
    void lastRelease_releasesEveryMember_sharedListWatchedOnce() {
        account.put("bob@jabber.test", "T");
        WatchResult.Accepted a = watch("sip:T@" + LISTS);
        watch("sip:T@" + LISTS);
        assertEquals(1, members.watched.size(), "two subscriptions, one list view");
        source.release(a.view(), ALICE);
        assertTrue(members.released.isEmpty());
        source.release(a.view(), ALICE);
        assertEquals(List.of(sip("bob")), members.released);
    }

    private static BodyContext context(long version) {
        return new BodyContext("sip:Team@" + LISTS, PresencePackage.PIDF, "", version);
    }

    private static ResourceListNotify render(PresenceState state, long version, ListBodies.Memory memory) {
        ListBodies.Rendered r = ListBodies.render(new PresencePackage(), context(version),
                ((PresenceState.ResourceList) state).members(), memory, false);
        return ResourceListNotify.parse(r.contentType(), new String(r.body(), StandardCharsets.UTF_8));
    }
}
