package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.GatewayFixture.USER_DOMAIN;
import static org.presencegw.gateway.it.Watch.TIMEOUT;
import static org.presencegw.gateway.it.Watch.until;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jivesoftware.smack.packet.Presence;
import org.awaitility.core.ConditionTimeoutException;
import org.jivesoftware.smack.roster.Roster;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.Awaiting;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * Jabber users see SIP users (CONFORMANCE.md REV, PUB rows) with real peers: alice's phone (sip:alice@sip.test,
 * mapped to alice@jabber.test) registers and publishes; bob, a chat contact of alice, sees her gateway resource in
 * his XMPP client, and a SIP watcher of sip:alice@sip.test sees the published state too. On each server:
 * {@link ReverseDirectionProsodyIT}, {@link ReverseDirectionEjabberdIT}.
 */
abstract class ReverseDirectionIT {
    private static final String ALICE_AOR = "sip:alice@" + USER_DOMAIN;

    static GatewayFixture fixture(XmppServerKind kind) {
        return GatewayFixture.builder().server(kind)
                .accounts("alice", "bob").mutualContacts("alice", "bob")
                .mapped("alice").minExpires(2).allowUnknownUsers(false)
                .perTest()
                .build();
    }

    abstract GatewayFixture gw();

    private Response register(SipTestAgent phone, int expires) {
        Map<String, String> h = new HashMap<>();
        h.put("To", "<" + ALICE_AOR + ">");
        h.put("From", "<" + ALICE_AOR + ">;tag=phone");
        h.put("Contact", "<sip:alice@127.0.0.1:" + phone.port() + ">");
        h.put("Expires", Integer.toString(expires));
        phone.send(Request.REGISTER, "sip:" + USER_DOMAIN, h, Optional.empty());
        return phone.awaitResponse(TIMEOUT);
    }

    private static Response publish(SipTestAgent phone, Optional<String> pidf, Optional<String> ifMatch, int expires) {
        Map<String, String> h = new HashMap<>();
        h.put("To", "<" + ALICE_AOR + ">");
        h.put("From", "<" + ALICE_AOR + ">;tag=pub");
        h.put("Event", "presence");
        h.put("Expires", Integer.toString(expires));
        pidf.ifPresent(b -> h.put("Content-Type", "application/pidf+xml"));
        ifMatch.ifPresent(e -> h.put("SIP-If-Match", e));
        phone.send(Request.PUBLISH, ALICE_AOR, h, pidf);
        return phone.awaitResponse(TIMEOUT);
    }

    static String busyPidf(String note) {
        return "<?xml version='1.0' encoding='UTF-8'?>"
                + "<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model'"
                + " xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='" + ALICE_AOR + "'>"
                + "<tuple id='phone'><status><basic>open</basic></status></tuple>"
                + "<dm:person id='p1'><rpid:activities><rpid:on-the-phone/></rpid:activities>"
                + "<dm:note>" + note + "</dm:note></dm:person></presence>";
    }

    private static Presence awaitGatewayPresence(Roster roster, String what, Predicate<Presence> match)
            throws Exception {
        EntityFullJid gw = JidCreate.entityFullFrom("alice@jabber.test/sip-gateway");
        try {
            return Awaiting.within(TIMEOUT, "alice's gateway resource " + what)
                    .until(() -> roster.getPresenceResource(gw), match);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("bob never saw alice's gateway resource " + what + "; last: "
                    + roster.getPresenceResource(gw).toXML(), e);
        }
    }

    @Test
    @DisplayName("XMPP-02: PUB-11, REV-10")
    void registerPublishUnregister_jabberContactAndSipWatcherFollowThePhone() throws Exception {
        try (XmppTestClient bob = gw().xmpp("bob", "laptop");
             SipTestAgent phone = gw().agent(Transport.UDP);
             SipTestAgent watcher = gw().agent(Transport.UDP)) {
            Roster roster = Roster.getInstanceFor(bob.connection());
            bob.setPresence(Show.AVAILABLE, null, 0);
            watcher.subscribe(ALICE_AOR, "sip:alice@" + USER_DOMAIN, 300, Map.of());
            assertEquals(200, watcher.awaitResponse(TIMEOUT).getStatusCode());
            until(watcher, "alice closed", Watch.activeWith("closed"));

            assertEquals(200, register(phone, 60).getStatusCode());
            Presence registered = awaitGatewayPresence(roster, "available", Presence::isAvailable);
            assertEquals(-1, registered.getPriority(), "never steals chats from alice's own clients");
            until(watcher, "alice open", Watch.activeWith("open"));

            Response published = publish(phone, Optional.of(busyPidf("on a call")), Optional.empty(), 60);
            assertEquals(200, published.getStatusCode());
            String etag = published.getHeader("SIP-ETag").toString().replaceFirst("(?i)^SIP-ETag:\\s*", "").trim();
            Presence busy = awaitGatewayPresence(roster, "dnd with the note",
                    p -> p.isAvailable() && p.getMode() == Presence.Mode.dnd && "on a call".equals(p.getStatus()));
            assertEquals(-1, busy.getPriority());
            ReceivedNotify sipBusy = until(watcher, "on-the-phone", n -> Watch.hasBody(n)
                    && Watch.activities(n).contains("on-the-phone"));
            assertTrue(Watch.notes(sipBusy).contains("on a call"), sipBusy.body());

            Response removed = publish(phone, Optional.empty(), Optional.of(etag), 0);
            assertEquals(200, removed.getStatusCode());
            awaitGatewayPresence(roster, "back to plain available (registered)",
                    p -> p.isAvailable() && p.getMode() == Presence.Mode.available);

            assertEquals(200, register(phone, 0).getStatusCode());
            awaitGatewayPresence(roster, "unavailable once unregistered and not publishing", p -> !p.isAvailable());
            until(watcher, "alice closed again", Watch.activeWith("closed"));
        }
    }

    static String closedPidf() {
        return "<?xml version='1.0' encoding='UTF-8'?><presence xmlns='urn:ietf:params:xml:ns:pidf' entity='"
                + ALICE_AOR + "'><tuple id='phone'><status><basic>closed</basic></status></tuple></presence>";
    }

    /**
     * The phone PUBLISHes closed while its user watches bob: bob sees alice's gateway resource leave (directed
     * unavailable, RFC 6121 4.6), and alice's watch of bob keeps following him (the account still receives).
     */
    @Test
    void phonePublishesClosedWhileWatching_contactsSeeItLeave_watchKeepsFollowing() throws Exception {
        try (XmppTestClient bob = gw().xmpp("bob", "laptop");
             SipTestAgent phone = gw().agent(Transport.UDP)) {
            Roster roster = Roster.getInstanceFor(bob.connection());
            bob.setPresence(Show.AVAILABLE, null, 0);
            phone.subscribe(GatewayFixture.sip("bob"), ALICE_AOR, 300, Map.of());
            assertEquals(200, phone.awaitResponse(TIMEOUT).getStatusCode());
            until(phone, "bob open", Watch.activeWith("open"));
            awaitGatewayPresence(roster, "available (alice watches)", Presence::isAvailable);

            assertEquals(200, publish(phone, Optional.of(closedPidf()), Optional.empty(), 60).getStatusCode());
            awaitGatewayPresence(roster, "unavailable to bob (hidden)", p -> !p.isAvailable());
            bob.setPresence(Show.DND, "in a meeting", 0);
            ReceivedNotify dnd = until(phone, "bob dnd while alice's resource is hidden",
                    n -> Watch.activeWith("open").test(n) && Watch.shows(n).equals(List.of("dnd")));
            assertTrue(Watch.notes(dnd).contains("in a meeting"), dnd.body());
        }
    }
}
