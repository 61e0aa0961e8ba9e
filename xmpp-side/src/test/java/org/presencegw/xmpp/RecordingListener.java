package org.presencegw.xmpp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * Records an account's events in order. Each {@code await...} consumes events up to and including the first match
 * after the previous match, so a test can check a sequence; every wait has a timeout and fails with the history.
 */
final class RecordingListener implements XmppAccountListener {
    /** A liveness bound, not a speed one: ejabberd with TLS on a loaded 2-core machine took over 10 s to log in. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    sealed interface Event permits ContactChanged, Answered, Removed, Connection, Reception, Failed {
    }

    record ContactChanged(ContactPresence state) implements Event {
    }

    record Answered(BareJid contact, boolean approved) implements Event {
    }

    record Removed(BareJid contact) implements Event {
    }

    record Connection(boolean online) implements Event {
    }

    record Reception(boolean receiving) implements Event {
    }

    record Failed(BareJid contact, PresenceError error) implements Event {
    }

    private final List<Event> events = new ArrayList<>();
    private int cursor;

    @Override
    public void contactChanged(EntityBareJid account, ContactPresence presence) {
        add(new ContactChanged(presence));
    }

    @Override
    public void subscriptionAnswered(EntityBareJid account, BareJid contact, boolean approved) {
        add(new Answered(contact, approved));
    }

    @Override
    public void contactRemoved(EntityBareJid account, BareJid contact) {
        add(new Removed(contact));
    }

    @Override
    public void connectionChanged(EntityBareJid account, boolean online) {
        add(new Connection(online));
    }

    @Override
    public void presenceReceptionChanged(EntityBareJid account, boolean receiving) {
        add(new Reception(receiving));
    }

    @Override
    public void presenceError(EntityBareJid account, BareJid contact, PresenceError error) {
        add(new Failed(contact, error));
    }

    private synchronized void add(Event event) {
        events.add(event);
        notifyAll();
    }

    synchronized Event await(String what, Predicate<Event> match) {
        return await(what, match, true);
    }

    /** Waits for a match anywhere in the history (from the first event on); moves the cursor only if asked. */
    private synchronized Event await(String what, Predicate<Event> match, boolean sequential) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            for (int i = sequential ? cursor : 0; i < events.size(); i++) {
                if (match.test(events.get(i))) {
                    if (sequential) {
                        cursor = i + 1;
                    }
                    return events.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + TIMEOUT + "; events after cursor "
                        + cursor + ": " + events.subList(cursor, events.size()));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    ContactPresence awaitContact(BareJid contact, String what, Predicate<ContactPresence> match) {
        return ((ContactChanged) await(contact + " " + what, e -> e instanceof ContactChanged c
                && c.state().contact().equals(contact) && match.test(c.state()))).state();
    }

    /**
     * Like {@link #awaitContact} where the order of this event among the others differs between servers: any match
     * since the first event counts, and the cursor stays where it is.
     */
    ContactPresence awaitContactInAnyOrder(BareJid contact, String what, Predicate<ContactPresence> match) {
        return ((ContactChanged) await(contact + " " + what, e -> e instanceof ContactChanged c
                && c.state().contact().equals(contact) && match.test(c.state()), false)).state();
    }

    void awaitConnection(boolean online) {
        await("connectionChanged(" + online + ")", e -> e instanceof Connection c && c.online() == online);
    }

    void awaitReception(boolean receiving) {
        await("presenceReceptionChanged(" + receiving + ")", e -> e instanceof Reception r
                && r.receiving() == receiving);
    }

    void awaitAnswer(BareJid contact, boolean approved) {
        await("subscriptionAnswered(" + contact + ", " + approved + ")", e -> e instanceof Answered a
                && a.contact().equals(contact) && a.approved() == approved);
    }

    PresenceError awaitError(BareJid contact) {
        return ((Failed) await("presenceError(" + contact + ")", e -> e instanceof Failed f
                && f.contact().equals(contact))).error();
    }

    void awaitRemoved(BareJid contact) {
        await("contactRemoved(" + contact + ")", e -> e instanceof Removed r && r.contact().equals(contact));
    }

    synchronized List<Event> all() {
        return List.copyOf(events);
    }
}
