package org.presencegw.xmpp;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Nonza;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.roster.AbstractRosterListener;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.Jid;
import org.presencegw.xmpp.testing.XmppTestServer;

/**
 * A bare Smack client for observing a server (the XmppServer*BehaviourITs): records, in arrival order, every presence
 * stanza Smack parsed, every stanza it could not parse (with Smack's exception), and the roster items pushed;
 * sends raw XML that Smack's builders refuse (an invalid {@code <show/>}). Stream management is off (raw stanzas
 * would upset its counters) and it sends no presence by itself. Waits are bounded.
 */
final class WireRecorder implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final XMPPTCPConnection connection;
    private final Roster roster;
    private final List<Presence> presences = new ArrayList<>();
    private final List<String> unparsable = new ArrayList<>();
    private final List<Jid> rosterPushes = new ArrayList<>();

    WireRecorder(XmppTestServer server, String user, String resource) {
        connection = new XMPPTCPConnection(SmackConnectionConfigs.build(server.endpoint(resource),
                server.credentialsFor(user, SharedServerAccountCases.PW)));
        connection.setUseStreamManagement(false);
        roster = Roster.getInstanceFor(connection);
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        // Roster pushes never reach stanza listeners (Smack's IQ request handler takes them).
        roster.addRosterListener(new AbstractRosterListener() {
            @Override
            public void entriesAdded(Collection<Jid> addresses) {
                addresses.forEach(address -> add(rosterPushes, address));
            }

            @Override
            public void entriesUpdated(Collection<Jid> addresses) {
                addresses.forEach(address -> add(rosterPushes, address));
            }
        });
        // A sync listener: called in arrival order.
        connection.addSyncStanzaListener(stanza -> add(presences, (Presence) stanza), StanzaTypeFilter.PRESENCE);
        connection.setParsingExceptionCallback(e -> add(unparsable, e.getParsingException() + " in " + e.getContent()));
        try {
            connection.connect().login();
            roster.reloadAndWait();
        } catch (SmackException | IOException | XMPPException e) {
            connection.disconnect();
            throw new IllegalStateException(user + " cannot log in: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    XMPPTCPConnection connection() {
        return connection;
    }

    Roster roster() {
        return roster;
    }

    /** Sends the XML as it is, e.g. {@code <presence><show>bogus</show></presence>}. */
    void sendRaw(String xml) {
        try {
            connection.sendNonza(new Nonza() {
                @Override
                public String getNamespace() {
                    return "jabber:client";
                }

                @Override
                public String getElementName() {
                    return "presence";
                }

                @Override
                public CharSequence toXML(XmlEnvironment environment) {
                    return xml;
                }
            });
        } catch (SmackException.NotConnectedException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every presence received up to and including the first that matches (a barrier), in arrival order. */
    List<Presence> presencesUntil(String what, Predicate<Presence> barrier) {
        return awaitIn(presences, what, barrier);
    }

    /** Every stanza Smack could not parse, up to and including the first that matches. */
    List<String> unparsableUntil(String what, Predicate<String> match) {
        return awaitIn(unparsable, what, match);
    }

    /** Waits for a roster push (or load) naming the address, then its item must match. */
    void awaitRosterItem(Jid address, String what, Predicate<RosterEntry> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            awaitIn(rosterPushes, "roster push for " + address, address::equals);
            RosterEntry entry = roster.getEntry(address.asBareJid());
            if (entry != null && match.test(entry)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("roster item " + address + " never " + what + ": " + entry);
            }
            synchronized (this) {
                rosterPushes.remove(address);
            }
        }
    }

    synchronized List<String> unparsable() {
        return List.copyOf(unparsable);
    }

    @Override
    public void close() {
        connection.disconnect();
    }

    private synchronized <T> void add(List<T> list, T item) {
        list.add(item);
        notifyAll();
    }

    private synchronized <T> List<T> awaitIn(List<T> list, String what, Predicate<T> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (int i = 0; i < list.size(); i++) {
                if (match.test(list.get(i))) {
                    return List.copyOf(list.subList(0, i + 1));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + WAIT + "; got " + list);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
