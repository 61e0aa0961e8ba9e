package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.SubscribeListener.SubscribeAnswer;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.SmackConnectionConfigs;
import org.presencegw.xmpp.XmppEndpoint;

/**
 * A plain Smack client for a test user (a human's client, e.g. {@code bob/r1}), connected the same way the
 * gateway connects (same endpoint, same TLS trust). It sends no presence on login: call {@link #setPresence} to
 * come online (inbound subscription requests are only delivered to available resources, RFC 6121 3.1.3).
 * Inbound subscription requests are never answered automatically: they are recorded, and answered when the test
 * says so ({@link #approveSubscriptionsFrom}, {@link #denySubscriptionsFrom}). Every wait has a timeout.
 *
 * <pre>{@code
 * try (XmppTestClient bob = XmppTestClient.login(server, "bob", "pw", "r1")) {
 *     bob.setPresence(Show.DND, "meeting", 0);
 *     bob.awaitSubscribeRequestFrom(aliceJid, Duration.ofSeconds(5));
 *     bob.approveSubscriptionsFrom(aliceJid);
 * }
 * }</pre>
 */
public final class XmppTestClient implements AutoCloseable {
    static {
        SmackTestDefaults.apply();
    }

    private final XMPPTCPConnection connection;
    private final Roster roster;
    private final Map<BareJid, CompletableFuture<Presence>> subscribeRequests = new ConcurrentHashMap<>();
    private final Map<BareJid, SubscribeAnswer> policies = new ConcurrentHashMap<>();
    private final Map<BareJid, java.util.concurrent.atomic.AtomicInteger> requestCounts = new ConcurrentHashMap<>();

    private XmppTestClient(XMPPTCPConnection connection) {
        this.connection = connection;
        this.roster = Roster.getInstanceFor(connection);
        roster.addSubscribeListener((from, request) -> {
            BareJid bare = from.asBareJid();
            requestCounts.computeIfAbsent(bare, b -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            request(bare).complete(request);
            return policies.get(bare); // null: no answer, the request stays pending
        });
    }

    /** Connects and logs in {@code user@domain/resource} on the server; the roster is loaded when this returns. */
    public static XmppTestClient login(XmppTestServer server, String user, String password, String resource) {
        return login(server.endpoint(resource), server.credentialsFor(user, password));
    }

    /** Connects and logs in through any endpoint (the same configuration code as the gateway). */
    public static XmppTestClient login(XmppEndpoint endpoint, org.presencegw.xmpp.XmppCredentials credentials) {
        XMPPTCPConnection connection = new XMPPTCPConnection(SmackConnectionConfigs.build(endpoint, credentials));
        // A stanza Smack cannot parse (a raw test presence reflected or bounced back) must not end this client's
        // connection, which is Smack's default.
        connection.setParsingExceptionCallback(unparsable -> { });
        try {
            connection.connect().login();
            Roster roster = Roster.getInstanceFor(connection);
            roster.reloadAndWait();
            return new XmppTestClient(connection);
        } catch (SmackException | IOException | XMPPException e) {
            connection.disconnect();
            throw new IllegalStateException("test client " + credentials.jid() + " cannot log in: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public EntityFullJid jid() {
        return connection.getUser();
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    /** Sends available presence with the show (AVAILABLE: no {@code <show/>}), optional status and priority. */
    public void setPresence(Show show, String status, int priority) {
        PresenceBuilder builder = StanzaBuilder.buildPresence().ofType(Presence.Type.available).setPriority(priority);
        if (show != Show.AVAILABLE) {
            builder.setMode(Presence.Mode.fromString(show.name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (status != null) {
            builder.setStatus(status);
        }
        send(builder.build());
    }

    /** Sends {@code <presence type='unavailable'/>}; the connection stays up. */
    public void goUnavailable() {
        send(StanzaBuilder.buildPresence().ofType(Presence.Type.unavailable).build());
    }

    /** Sends any stanza built by the test (e.g. a presence with a status per xml:lang). */
    public void send(Presence presence) {
        try {
            connection.sendStanza(presence);
        } catch (SmackException.NotConnectedException e) {
            throw new IllegalStateException(jid() + " is not connected", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits for a {@code type='subscribe'} from the address (one received earlier counts).
     *
     * @throws AssertionError on timeout
     */
    public Presence awaitSubscribeRequestFrom(BareJid from, Duration timeout) {
        try {
            return request(from).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(jid() + ": no subscription request from " + from + " within " + timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** How many subscription requests from the address have arrived so far. */
    public int subscribeRequestCount(BareJid from) {
        java.util.concurrent.atomic.AtomicInteger n = requestCounts.get(from.asBareJid());
        return n == null ? 0 : n.get();
    }

    /** True if a subscribe from the address has arrived (without waiting). */
    public boolean hasSubscribeRequestFrom(BareJid from) {
        return request(from).isDone();
    }

    /** Approves ({@code subscribed}) a pending request from the address, and every later one. */
    public void approveSubscriptionsFrom(BareJid from) {
        answer(from, SubscribeAnswer.Approve, Presence.Type.subscribed);
    }

    /** Denies ({@code unsubscribed}) a pending request from the address, and every later one. */
    public void denySubscriptionsFrom(BareJid from) {
        answer(from, SubscribeAnswer.Deny, Presence.Type.unsubscribed);
    }

    /** Revokes the address's subscription to our presence ({@code unsubscribed}, RFC 6121 3.2). */
    public void revokeSubscriptionOf(BareJid contact) {
        send(StanzaBuilder.buildPresence().ofType(Presence.Type.unsubscribed).to(contact).build());
    }

    /**
     * Sends XML as it is, e.g. a presence with an invalid {@code <show/>} that Smack's builders refuse (a stanza
     * element in the {@code jabber:client} namespace of the stream).
     */
    public void sendRaw(String xml) {
        try {
            connection.sendNonza(new org.jivesoftware.smack.packet.Nonza() {
                @Override
                public String getNamespace() {
                    return "jabber:client";
                }

                @Override
                public String getElementName() {
                    return "presence";
                }

                @Override
                public CharSequence toXML(org.jivesoftware.smack.packet.XmlEnvironment environment) {
                    return xml;
                }
            });
        } catch (SmackException.NotConnectedException e) {
            throw new IllegalStateException(jid() + " is not connected", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Asks the address for a subscription to its presence. */
    public void requestSubscription(BareJid contact) {
        try {
            roster.sendSubscriptionRequest(contact);
        } catch (SmackException.NotLoggedInException | SmackException.NotConnectedException e) {
            throw new IllegalStateException(jid() + " is not logged in", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Puts a roster item into exactly these groups (a roster set with the item's {@code <group/>} elements, RFC 6121
     * 2.1.2.2 and 2.3); the server pushes the change to every resource of the account, the gateway's too. Returns
     * once the server answered.
     */
    public void setGroups(BareJid contact, String... groups) {
        org.jivesoftware.smack.roster.packet.RosterPacket set = new org.jivesoftware.smack.roster.packet.RosterPacket();
        set.setType(org.jivesoftware.smack.packet.IQ.Type.set);
        org.jivesoftware.smack.roster.packet.RosterPacket.Item item =
                new org.jivesoftware.smack.roster.packet.RosterPacket.Item(contact, null);
        for (String g : groups) {
            item.addGroupName(g);
        }
        set.addRosterItem(item);
        try {
            connection.sendIqRequestAndWaitForResponse(set);
        } catch (SmackException | XMPPException e) {
            throw new IllegalStateException("cannot set the groups of " + contact + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Removes the address from this account's roster (a roster set with subscription='remove', RFC 6121 2.5). */
    public void removeContact(BareJid contact) {
        RosterEntry entry = roster.getEntry(contact);
        if (entry == null) {
            throw new IllegalStateException(contact + " is not in the roster of " + jid());
        }
        try {
            roster.removeEntry(entry);
        } catch (SmackException | XMPPException e) {
            throw new IllegalStateException("cannot remove " + contact + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Logs out (sends unavailable) and closes the connection. */
    @Override
    public void close() {
        connection.disconnect();
    }

    private void answer(BareJid from, SubscribeAnswer policy, Presence.Type type) {
        policies.put(from, policy);
        if (hasSubscribeRequestFrom(from)) {
            send(StanzaBuilder.buildPresence().ofType(type).to(from).build());
        }
    }

    private CompletableFuture<Presence> request(Jid from) {
        return subscribeRequests.computeIfAbsent(Objects.requireNonNull(from).asBareJid(),
                f -> new CompletableFuture<>());
    }
}
