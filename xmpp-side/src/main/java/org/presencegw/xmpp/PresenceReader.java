package org.presencegw.xmpp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.Presence;

/**
 * Reads one available presence stanza into a {@link ResourcePresence} (RFC 6121 4.7).
 *
 * <p>The stanza has been through {@link PresenceRepair} (installed by {@link LenientPresenceParsing}): an invalid
 * {@code <show/>} is gone (RFC 6121 4.7.2.1: none means available), a {@code <priority/>} is within -128..127 (RFC
 * 6121 4.7.2.3), and when the stanza has several {@code <status/>} children (RFC 6121 4.7.2.2, one per xml:lang)
 * or one with its own xml:lang, all of them are in a {@link StatusesExtension}, since Smack 4.4.8 keeps only the
 * last and drops its language. Without that extension the one status Smack kept has the stanza's language, which it
 * inherits (RFC 6121 4.7.2.2).
 */
final class PresenceReader {
    /** RFC 6121 4.7.2.3: the priority is an integer between -128 and +127. */
    static final int MIN_PRIORITY = -128;
    static final int MAX_PRIORITY = 127;

    private PresenceReader() {
    }

    static ResourcePresence read(Presence presence, String resource, Instant receivedAt) {
        Optional<String> lang = Optional.ofNullable(presence.getLanguage()).filter(l -> !l.isEmpty());
        return new ResourcePresence(resource, show(presence.getMode()), statuses(presence, lang),
                clampPriority(presence.getPriority()), lang, receivedAt);
    }

    static List<StatusText> statuses(Presence presence, Optional<String> lang) {
        if (presence.getExtensionElement(StatusesExtension.ELEMENT, StatusesExtension.NAMESPACE)
                instanceof StatusesExtension all) {
            return all.statuses();
        }
        String status = presence.getStatus();
        return status == null ? List.of() : List.of(new StatusText(status, lang));
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
