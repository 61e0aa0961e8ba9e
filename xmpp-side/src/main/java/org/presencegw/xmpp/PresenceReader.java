package org.presencegw.xmpp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.Presence;

/**
 * Reads one available presence stanza into a {@link ResourcePresence} (RFC 6121 4.7).
 *
 * <p>Smack 4.4.8 limits what can be read: its parser keeps only the last {@code <status/>} child and drops that
 * child's own xml:lang, so the status is reported with the stanza's language (which it inherits, RFC 6121 4.7.2.2).
 * A stanza with an invalid {@code <show/>} or an out-of-range {@code <priority/>} never reaches us: Smack's parser
 * rejects it and hands it to the connection's parsing-exception callback.
 */
final class PresenceReader {
    /** RFC 6121 4.7.2.3: the priority is an integer between -128 and +127. */
    static final int MIN_PRIORITY = -128;
    static final int MAX_PRIORITY = 127;

    private PresenceReader() {
    }

    static ResourcePresence read(Presence presence, String resource, Instant receivedAt) {
        Optional<String> lang = Optional.ofNullable(presence.getLanguage()).filter(l -> !l.isEmpty());
        String status = presence.getStatus();
        List<StatusText> statuses = status == null ? List.of() : List.of(new StatusText(status, lang));
        return new ResourcePresence(resource, show(presence.getMode()), statuses, clampPriority(presence.getPriority()),
                lang, receivedAt);
    }

    /** RFC 6121 4.7.2.1: no {@code <show/>} means available. */
    static Show show(Presence.Mode mode) {
        if (mode == null) {
            return Show.AVAILABLE;
        }
        return switch (mode) {
            case chat -> Show.CHAT;
            case available -> Show.AVAILABLE;
            case away -> Show.AWAY;
            case xa -> Show.XA;
            case dnd -> Show.DND;
        };
    }

    static int clampPriority(int priority) {
        return Math.max(MIN_PRIORITY, Math.min(MAX_PRIORITY, priority));
    }
}
