package org.presencegw.gateway.jabber;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jxmpp.jid.BareJid;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.xmpp.ResourcePresence;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.StatusText;

/**
 * Maps the XMPP presence of one contact to the PIDF presence model, following RFC 8048 section 6.2 (Table 1):
 * one tuple per available resource ({@code open}, tuple id {@code ID-<resource>}, note 2), every {@code <status/>}
 * to a {@code <note>} with its language (one per xml:lang, RFC 6121 4.7.2.2), {@code <priority/>} to the priority of
 * the tuple's {@code <contact>} (RFC 3863 4.1.5; negative: not mapped, note 6), the contact being the resource's
 * {@code xmpp:} URI (RFC 5122), and the {@code <show/>} element embedded as {@code <show xmlns='jabber:client'>}
 * (note 7). No available resource means one {@code closed} tuple (never an empty document).
 *
 * <p>Project convention (CONFORMANCE.md A3, no RFC defines it): the person element carries an RPID activity for
 * the "most available" resource: away and xa give {@code away}, dnd gives {@code busy}, available and chat give
 * none. "Most available" is decided by {@link #MOST_AVAILABLE}: priority (higher first), then show
 * (chat, available, away, xa, dnd), then the most recent, then resource name.
 *
 * <p>Pure and thread-safe.
 */
public final class PresenceMapper {

    /** Tuple id of the single closed tuple of an offline contact; cannot clash with {@code ID-...} ids. */
    static final String OFFLINE_TUPLE_ID = "offline";
    static final String PERSON_ID = "p";

    /** Deterministic "most available first" order of a contact's resources (RFC 8048 6.2, informative). */
    public static final Comparator<ResourcePresence> MOST_AVAILABLE = Comparator
            .comparingInt(ResourcePresence::priority).reversed()
            .thenComparingInt(r -> showRank(r.show()))
            .thenComparing(ResourcePresence::since, Comparator.reverseOrder())
            .thenComparing(ResourcePresence::resource);

    private PresenceMapper() {
    }

    /** The full PIDF model for a contact given its available resources (possibly none), without contact URIs. */
    public static PresenceDocument map(List<ResourcePresence> resources) {
        return map(Optional.empty(), resources);
    }

    /**
     * The full PIDF model for {@code contact}: each tuple's {@code <contact>} is the resource's {@code xmpp:} URI,
     * with the mapped priority (RFC 3863 4.1.5 puts priority nowhere else).
     */
    public static PresenceDocument map(BareJid contact, List<ResourcePresence> resources) {
        return map(Optional.of(contact), resources);
    }

    private static PresenceDocument map(Optional<BareJid> contact, List<ResourcePresence> resources) {
        if (resources.isEmpty()) {
            return new PresenceDocument(List.of(PresenceTuple.of(OFFLINE_TUPLE_ID, Basic.CLOSED)), Optional.empty());
        }
        List<ResourcePresence> ordered = new ArrayList<>(resources);
        ordered.sort(MOST_AVAILABLE);
        List<PresenceTuple> tuples = new ArrayList<>(ordered.size());
        for (ResourcePresence r : ordered) {
            tuples.add(tuple(r, contact.map(c -> xmppUri(c, r.resource()))));
        }
        ResourcePresence best = ordered.get(0);
        Set<Activity> activities = activities(best.show());
        List<Note> personNotes = notes(best);
        Optional<Person> person = activities.isEmpty() && personNotes.isEmpty()
                ? Optional.empty()
                : Optional.of(new Person(PERSON_ID, activities, personNotes));
        return new PresenceDocument(tuples, person);
    }

    static PresenceTuple tuple(ResourcePresence r, Optional<String> contactUri) {
        Optional<String> show = r.show() == Show.AVAILABLE
                ? Optional.empty()
                : Optional.of(r.show().name().toLowerCase(Locale.ROOT));
        return new PresenceTuple(tupleId(r.resource()), Basic.OPEN, show, contactUri,
                contactUri.isPresent() ? priority(r.priority()) : Optional.empty(), notes(r), Optional.of(r.since()));
    }

    /**
     * {@code xmpp:node@domain/resource} (RFC 5122 2.2): each part UTF-8 percent-encoded except the unreserved
     * characters, so that escaped JIDs ({@code \20}) and any resource make a valid URI.
     */
    static String xmppUri(BareJid contact, String resource) {
        StringBuilder sb = new StringBuilder("xmpp:");
        if (contact.getLocalpartOrNull() != null) {
            percentEncode(contact.getLocalpartOrNull().toString(), sb);
            sb.append('@');
        }
        percentEncode(contact.getDomain().toString(), sb);
        if (!resource.isEmpty()) {
            percentEncode(resource, sb.append('/'));
        }
        return sb.toString();
    }

    private static void percentEncode(String part, StringBuilder sb) {
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }

    /** RPID activities for a show value (CONFORMANCE.md A3, project convention). */
    static Set<Activity> activities(Show show) {
        return switch (show) {
            case AWAY, XA -> Set.of(Activity.AWAY);
            case DND -> Set.of(Activity.BUSY);
            case CHAT, AVAILABLE -> Set.of();
        };
    }

    private static List<Note> notes(ResourcePresence r) {
        List<Note> notes = new ArrayList<>(r.statuses().size());
        for (StatusText s : r.statuses()) {
            if (!s.text().isBlank()) {
                notes.add(new Note(s.text(), s.lang().or(r::lang)));
            }
        }
        return notes;
    }

    /**
     * RFC 8048 6.2 note 6: a negative priority MUST NOT be mapped; 0..127 map to [0, 1] with at most three
     * decimals, unique per value (floor(p / 127, 3 decimals): 1 gives 0.007, 126 gives 0.992, 127 gives 1).
     */
    static Optional<BigDecimal> priority(int xmppPriority) {
        if (xmppPriority < 0) {
            return Optional.empty();
        }
        int p = Math.min(xmppPriority, 127);
        BigDecimal value = BigDecimal.valueOf(p).divide(BigDecimal.valueOf(127), 3, RoundingMode.FLOOR);
        return Optional.of(value.stripTrailingZeros());
    }

    /**
     * Tuple id {@code ID-<resource>} (RFC 8048 6.2 note 2). Characters that may not appear in an xs:ID are written
     * as {@code _hex_}; {@code _} itself is escaped too, so different resources always get different ids.
     */
    static String tupleId(String resource) {
        StringBuilder sb = new StringBuilder(resource.length() + 3).append("ID-");
        resource.codePoints().forEach(cp -> {
            if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
                    || cp == '-' || cp == '.') {
                sb.appendCodePoint(cp);
            } else {
                sb.append('_').append(Integer.toHexString(cp)).append('_');
            }
        });
        return sb.toString();
    }

    private static int showRank(Show show) {
        return switch (show) {
            case CHAT -> 0;
            case AVAILABLE -> 1;
            case AWAY -> 2;
            case XA -> 3;
            case DND -> 4;
        };
    }
}
