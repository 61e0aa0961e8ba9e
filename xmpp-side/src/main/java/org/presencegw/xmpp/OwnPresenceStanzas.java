package org.presencegw.xmpp;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StanzaBuilder;

/** Builds the gateway resource's own presence stanza. */
final class OwnPresenceStanzas {
    /**
     * The gateway resource's priority. Negative, so that it never receives messages sent to the bare JID
     * (RFC 6121 4.7.2.3, 8.5.2.1.1).
     */
    static final int PRIORITY = -1;

    private OwnPresenceStanzas() {
    }

    static Presence of(OwnPresence own) {
        if (!own.available()) {
            return StanzaBuilder.buildPresence().ofType(Presence.Type.unavailable).build();
        }
        PresenceBuilder builder = StanzaBuilder.buildPresence().ofType(Presence.Type.available).setPriority(PRIORITY);
        if (own.show() != Show.AVAILABLE) {
            builder.setMode(mode(own.show()));
        }
        own.status().ifPresent(builder::setStatus);
        return builder.build();
    }

    static Presence.Mode mode(Show show) {
        return switch (show) {
            case CHAT -> Presence.Mode.chat;
            case AVAILABLE -> Presence.Mode.available;
            case AWAY -> Presence.Mode.away;
            case XA -> Presence.Mode.xa;
            case DND -> Presence.Mode.dnd;
        };
    }
}
