package org.presencegw.xmpp;

import java.util.Optional;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * The gateway resource's own presence and, tied to it, whether the account receives its contacts' presence (RFC
 * 6121 4.2: only an available resource gets it). Two inputs: what contacts should see ({@link OwnPresence}) and
 * whether the account must receive. Three outcomes:
 * <ul>
 * <li>announced available: that broadcast presence, priority -1; receiving;</li>
 * <li>announced unavailable but receiving needed (a SIP user whose phone PUBLISHed {@code closed} still watches):
 * <em>hidden</em>. The broadcast presence stays available, so the server keeps delivering contact presence, and a
 * directed {@code <presence type='unavailable'/>} (RFC 6121 4.6) goes to every contact that sees us
 * ({@code from}/{@code both}), so they see the resource leave; it is repeated to a contact whose resource comes
 * online (its server answers that resource's probe with our broadcast presence, RFC 6121 4.3.2). Limit: a
 * {@code from}-only contact that comes online meanwhile sees the broadcast presence until the next change;</li>
 * <li>neither: broadcast unavailable (or nothing right after login); not receiving.</li>
 * </ul>
 * Confined to the account's lane.
 */
final class OwnPresenceControl {
    /** Starts the grace period of reception period {@code epoch} (for one contact, or all when empty). */
    interface Grace {
        void schedule(int epoch, Optional<BareJid> only);
    }

    private final ContactTracker tracker;
    private final XmppAccountListener listener;
    private final EntityBareJid jid;
    private final Wire wire;
    private final Grace grace;
    private OwnPresence announced = OwnPresence.UNAVAILABLE;
    private boolean receive;
    private OwnPresence broadcast = OwnPresence.UNAVAILABLE;
    private boolean hidden;

    OwnPresenceControl(EntityBareJid jid, ContactTracker tracker, XmppAccountListener listener, Wire wire,
                       Grace grace) {
        this.jid = jid;
        this.tracker = tracker;
        this.listener = listener;
        this.wire = wire;
        this.grace = grace;
    }

    boolean isHidden() {
        return hidden;
    }

    /** New inputs; sends what changed when {@code online}. */
    void set(OwnPresence nextAnnounced, boolean nextReceive, boolean online) {
        boolean changed = !nextAnnounced.equals(announced) || nextReceive != receive;
        announced = nextAnnounced;
        receive = nextReceive;
        if (online && changed) {
            apply(false);
        }
    }

    /** A new session: nothing of ours is on the server, send it all again (RFC 6121 4.2). */
    void afterLogin() {
        broadcast = OwnPresence.UNAVAILABLE;
        hidden = false;
        apply(true);
    }

    /** The link went down: the server forgot our presence. */
    void linkDown() {
        broadcast = OwnPresence.UNAVAILABLE;
        hidden = false;
    }

    /** While hidden, a contact that sees us came online: it just got our broadcast presence, tell it again. */
    void contactCameOnline(BareJid contact) {
        if (hidden && tracker.contactsSeeingUs().contains(contact)) {
            wire.send(directedUnavailable(contact));
        }
    }

    private void apply(boolean afterLogin) {
        boolean wantReceive = announced.available() || receive;
        if (!wantReceive) {
            if (tracker.isReceiving()) {
                tracker.stopReceiving();
                listener.presenceReceptionChanged(jid, false);
            }
            if (broadcast.available() || hidden) {
                wire.send(OwnPresenceStanzas.of(OwnPresence.UNAVAILABLE));
            }
            // Unavailable right after login: nothing to send, the server has not seen us available (RFC 6121 4.2).
            broadcast = OwnPresence.UNAVAILABLE;
            hidden = false;
            return;
        }
        boolean starting = !tracker.isReceiving();
        if (starting) {
            int epoch = tracker.startReceiving();
            listener.presenceReceptionChanged(jid, true);
            grace.schedule(epoch, Optional.empty());
        }
        boolean hide = !announced.available();
        OwnPresence next = hide ? (broadcast.available() ? broadcast : OwnPresence.AVAILABLE) : announced;
        boolean sent = false;
        if (afterLogin || !next.equals(broadcast) || (hidden && !hide)) {
            wire.send(OwnPresenceStanzas.of(next));
            broadcast = next;
            sent = true;
        }
        if (hide && (sent || !hidden)) {
            tracker.contactsSeeingUs().forEach(contact -> wire.send(directedUnavailable(contact)));
        }
        hidden = hide;
    }

    private static Presence directedUnavailable(BareJid contact) {
        return StanzaBuilder.buildPresence().ofType(Presence.Type.unavailable).to(contact).build();
    }
}
