package org.presencegw.sip.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One PIDF tuple (RFC 3863 section 4.1.2): one XMPP resource, or one registrar binding.
 *
 * @param id        the tuple id; must be a valid xs:ID (the renderer does not rewrite it)
 * @param basic     open or closed
 * @param xmppShow  the XMPP {@code <show/>} value to embed as {@code <show xmlns='jabber:client'>} inside
 *                  {@code <status>}, as RFC 8048 section 6.2 recommends (away, chat, dnd, xa)
 * @param contact   the tuple's contact URI, if any
 * @param priority  contact priority in [0, 1] with at most 3 decimals (RFC 3863 section 4.1.5)
 * @param notes     tuple notes
 * @param timestamp when this tuple's state was observed
 */
public record PresenceTuple(String id, Basic basic, Optional<String> xmppShow, Optional<String> contact,
                            Optional<BigDecimal> priority, List<Note> notes, Optional<Instant> timestamp) {
    public PresenceTuple {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(basic, "basic");
        Objects.requireNonNull(xmppShow, "xmppShow");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(priority, "priority");
        notes = List.copyOf(notes);
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public static PresenceTuple of(String id, Basic basic) {
        return new PresenceTuple(id, basic, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty());
    }
}
