package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.GatewayFixture.LIST_DOMAIN;
import static org.presencegw.gateway.it.GatewayFixture.sip;
import static org.presencegw.gateway.it.GatewayFixture.watcher;
import static org.presencegw.gateway.it.Watch.TIMEOUT;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sip.message.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.DialogInfoDocument;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.ResourceListNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * Resource lists from roster groups (RFC 4662, issue 12) end to end: a JAIN-SIP watcher subscribes to
 * {@code sip:<group>@lists.test} with {@code Supported: eventlist}; alice's roster groups are set by a real Smack
 * client logged into alice's account on Prosody (a roster set, pushed to the gateway's session too); members change
 * presence through their own Smack clients.
 */
class ResourceListIT {

    @RegisterExtension
    static final GatewayFixture GW = GatewayFixture.builder()
            .accounts("alice", "bob", "carol", "dave", "erin")
            .mutualContacts("alice", "bob", "carol", "dave", "erin")
            .mapped("alice").lists()
            .build();

    private static final String ACCEPT = "multipart/related, application/rlmi+xml, application/pidf+xml, "
            + "application/dialog-info+xml";

    private static Map<String, String> listHeaders(String event) {
        return Map.of("Event", event, "Supported", "eventlist", "Accept", ACCEPT);
    }

    private static BareJid jid(String user) {
        return JidCreate.bareFromOrThrowUnchecked(user + "@" + GW.xmppServer().domain());
    }

    /** What a list watcher knows: the members' last parts, applied from full and partial NOTIFYs in order. */
    private static final class ListWatcher {
        final Map<String, String> states = new HashMap<>();
        final Map<String, String> bodies = new HashMap<>();
        final List<Long> versions = new ArrayList<>();
        ResourceListNotify last;

        Predicate<ReceivedNotify> until(Predicate<ResourceListNotify> done) {
            return n -> {
                if (n.contentType().isEmpty()) {
                    return false;
                }
                assertEquals(Optional.of("eventlist"), n.header("Require"), "RFC 4662: Require: eventlist");
                last = ResourceListNotify.parse(n.header("Content-Type").orElseThrow(), n.body());
                versions.add(last.list().version());
                if (last.list().fullState()) {
                    states.clear();
                    bodies.clear();
                }
                for (ResourceListNotify.Resource r : last.list().resources()) {
                    states.put(r.uri(), r.state());
                    bodies.remove(r.uri());
                    r.cid().ifPresent(c -> bodies.put(r.uri(), last.partOf(r).body()));
                }
                return done.test(last);
            };
        }

        boolean offline(String uri) {
            return bodies.getOrDefault(uri, "").contains("closed");
        }

        List<String> uris(ResourceListNotify n) {
            return n.list().resources().stream().map(ResourceListNotify.Resource::uri).toList();
        }

        void versionsRiseByOne() {
            for (int i = 1; i < versions.size(); i++) {
                assertEquals(versions.get(i - 1) + 1, versions.get(i), "RLMI versions " + versions);
            }
        }
    }

    @Test
    @DisplayName("RLS-02, RLS-03, RLS-04, RLS-09: full state, partial state, roster pushes, Require: eventlist")
    void groupList_fullStateWithPidf_presenceChangeIsPartial_rosterPushAddsAndRemoves() {
        XmppTestClient alice = GW.xmpp("alice", "roster-editor");
        alice.setGroups(jid("bob"), "Team A");
        alice.setGroups(jid("carol"), "Team A", "Other");
        SipTestAgent phone = GW.agent(Transport.UDP);
        phone.subscribe("sip:Team%20A@" + LIST_DOMAIN, watcher("alice"), 600, listHeaders("presence"));
        Response ok = phone.awaitResponse(TIMEOUT);
        assertEquals(200, ok.getStatusCode());
        assertTrue(String.valueOf(ok.getHeader("Require")).contains("eventlist"), ok.toString());
        ListWatcher w = new ListWatcher();
        ReceivedNotify first = phone.awaitNotify("the first list NOTIFY", TIMEOUT, w.until(n -> true));
        assertTrue(w.last.list().fullState(), "the first NOTIFY is full state");
        assertEquals("application/rlmi+xml", w.last.type());
        assertTrue(first.header("Content-Type").orElseThrow().startsWith("multipart/related"));
        assertEquals("sip:Team%20A@" + LIST_DOMAIN, w.last.list().uri());
        // Known offline already in the first NOTIFY when another test started alice's watching loop before.
        if (!(w.offline(sip("bob")) && w.offline(sip("carol")))) {
            phone.awaitNotify("bob and carol known offline", TIMEOUT, w.until(n ->
                    w.offline(sip("bob")) && w.offline(sip("carol"))));
        }
        assertEquals(2, w.states.size(), "bob and carol: " + w.states);

        XmppTestClient bob = GW.xmpp("bob", "desk");
        bob.setPresence(Show.DND, "in a meeting", 0);
        ReceivedNotify busy = phone.awaitNotify("bob dnd", TIMEOUT, w.until(n ->
                w.bodies.getOrDefault(sip("bob"), "").contains("dnd")));
        assertEquals(List.of(sip("bob")), w.uris(w.last), "partial state: only the member that changed");
        assertEquals(false, w.last.list().fullState());
        assertEquals("application/pidf+xml", w.last.partOf(w.last.list().resources().get(0)).contentType());
        assertTrue(busy.body().contains("entity=\"" + sip("bob") + "\""), "the member's own PIDF");

        alice.setGroups(jid("dave"), "Team A");
        phone.awaitNotify("dave added", TIMEOUT, w.until(n -> w.uris(n).contains(sip("dave"))));
        assertEquals(List.of(sip("dave")), w.uris(w.last), "partial state: the new member");
        assertEquals("active", w.states.get(sip("dave")));

        alice.setGroups(jid("carol"), "Other");
        phone.awaitNotify("carol removed", TIMEOUT, w.until(n -> w.uris(n).contains(sip("carol"))));
        assertEquals("terminated", w.states.get(sip("carol")));
        assertEquals(Optional.of("noresource"), w.last.list().resource(sip("carol")).orElseThrow().reason());
        w.versionsRiseByOne();
    }

    @Test
    @DisplayName("RLS-09")
    void withoutSupportedEventlist_421RequireEventlist() {
        SipTestAgent phone = GW.agent(Transport.UDP);
        phone.subscribe("sip:Team%20A@" + LIST_DOMAIN, watcher("alice"), 600, Map.of());
        Response r = phone.awaitResponse(TIMEOUT);
        assertEquals(421, r.getStatusCode());
        assertTrue(r.getHeader("Require").toString().contains("eventlist"), r.toString());
    }

    @Test
    @DisplayName("RLS-06")
    void unmappedWatcher_403_unknownGroup_emptyList() {
        SipTestAgent stranger = GW.agent(Transport.UDP);
        stranger.subscribe("sip:Team%20A@" + LIST_DOMAIN, "sip:mallory@" + GatewayFixture.USER_DOMAIN, 600,
                listHeaders("presence"));
        assertEquals(403, stranger.awaitResponse(TIMEOUT).getStatusCode());
        SipTestAgent phone = GW.agent(Transport.TCP);
        phone.subscribe("sip:nobody-has-this-group@" + LIST_DOMAIN, watcher("alice"), 600, listHeaders("presence"));
        assertEquals(200, phone.awaitResponse(TIMEOUT).getStatusCode());
        ListWatcher w = new ListWatcher();
        phone.awaitNotify("an empty list", TIMEOUT, w.until(n -> true));
        assertTrue(w.last.list().fullState());
        assertEquals(List.of(), w.last.list().resources());
    }

    @Test
    @DisplayName("RLS-05")
    void dialogList_dialogInfoPartPerMember() {
        XmppTestClient alice = GW.xmpp("alice", "roster-editor-2");
        alice.setGroups(jid("erin"), "Lamps");
        SipTestAgent phone = GW.agent(Transport.TCP);
        phone.subscribe("sip:Lamps@" + LIST_DOMAIN, watcher("alice"), 600, listHeaders("dialog"));
        assertEquals(200, phone.awaitResponse(TIMEOUT).getStatusCode());
        ListWatcher w = new ListWatcher();
        phone.awaitNotify("erin's lamp", TIMEOUT, w.until(n -> w.bodies.containsKey(sip("erin"))));
        ResourceListNotify.Resource erin = w.last.list().resource(sip("erin")).orElseThrow();
        assertEquals("application/dialog-info+xml", w.last.partOf(erin).contentType());
        DialogInfoDocument doc = DialogInfoDocument.parse(w.last.partOf(erin).body());
        assertEquals(sip("erin"), doc.entity());
        XmppTestClient erinClient = GW.xmpp("erin", "desk");
        erinClient.setPresence(Show.DND, null, 0);
        phone.awaitNotify("erin busy", TIMEOUT, w.until(n -> w.bodies.getOrDefault(sip("erin"), "")
                .contains("confirmed")));
        assertTrue(DialogInfoDocument.parse(w.bodies.get(sip("erin"))).version() > doc.version(),
                "the member's dialog-info version rises");
    }
}
