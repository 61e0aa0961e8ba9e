package org.presencegw.gateway.reverse;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.xmpp.OwnPresence;
import org.presencegw.xmpp.Show;

/**
 * The reverse direction (RFC 8048 section 6.3, Table 2): what a mapped SIP user's state makes the gateway resource
 * of its Jabber account announce. docs/DESIGN.md: registered or watching gives available; PUBLISHed state overrides
 * that while it lives; neither gives unavailable, so the gateway never makes a user look online by itself.
 *
 * <p>For a published document: every tuple {@code closed} gives unavailable (RFC 8048: basic closed maps to
 * {@code type='unavailable'}); otherwise the RPID activities of the person decide the show (CONFORMANCE.md A3,
 * reverse column: busy, on-the-phone, meeting, presentation, performance give {@code dnd}; vacation, holiday,
 * sleeping, permanent-absence give {@code xa}; away, appointment, meals, in-transit, steering, travel give
 * {@code away}), falling back to an embedded {@code <show xmlns='jabber:client'>}; the first note (person first,
 * then tuples) becomes the status text.
 *
 * <p>Pure and thread-safe.
 */
public final class OwnPresenceMapper {
    private static final Set<Activity> DND = EnumSet.of(Activity.BUSY, Activity.ON_THE_PHONE, Activity.MEETING,
            Activity.PRESENTATION, Activity.PERFORMANCE);
    private static final Set<Activity> XA = EnumSet.of(Activity.VACATION, Activity.HOLIDAY, Activity.SLEEPING,
            Activity.PERMANENT_ABSENCE);
    private static final Set<Activity> AWAY = EnumSet.of(Activity.AWAY, Activity.APPOINTMENT, Activity.MEAL,
            Activity.BREAKFAST, Activity.LUNCH, Activity.DINNER, Activity.IN_TRANSIT, Activity.STEERING,
            Activity.TRAVEL);

    private OwnPresenceMapper() {
    }

    public static OwnPresence map(boolean registered, boolean watching, Optional<PresenceDocument> published) {
        if (published.isPresent()) {
            return fromDocument(published.get());
        }
        return registered || watching ? OwnPresence.AVAILABLE : OwnPresence.UNAVAILABLE;
    }

    static OwnPresence fromDocument(PresenceDocument doc) {
        boolean open = doc.tuples().stream().anyMatch(t -> t.basic() == Basic.OPEN);
        if (!open) {
            return OwnPresence.UNAVAILABLE;
        }
        Set<Activity> activities = doc.person().map(p -> p.activities()).orElse(Set.of());
        Show show = showOf(activities).orElseGet(() -> embeddedShow(doc));
        return new OwnPresence(true, show, status(doc));
    }

    private static Optional<Show> showOf(Set<Activity> activities) {
        if (activities.stream().anyMatch(DND::contains)) {
            return Optional.of(Show.DND);
        }
        if (activities.stream().anyMatch(XA::contains)) {
            return Optional.of(Show.XA);
        }
        if (activities.stream().anyMatch(AWAY::contains)) {
            return Optional.of(Show.AWAY);
        }
        return Optional.empty();
    }

    private static Show embeddedShow(PresenceDocument doc) {
        for (PresenceTuple t : doc.tuples()) {
            if (t.basic() == Basic.OPEN && t.xmppShow().isPresent()) {
                switch (t.xmppShow().get().toLowerCase(Locale.ROOT)) {
                    case "away" -> {
                        return Show.AWAY;
                    }
                    case "xa" -> {
                        return Show.XA;
                    }
                    case "dnd" -> {
                        return Show.DND;
                    }
                    case "chat" -> {
                        return Show.CHAT;
                    }
                    default -> {
                        // not a show value: look at the next tuple
                    }
                }
            }
        }
        return Show.AVAILABLE;
    }

    private static Optional<String> status(PresenceDocument doc) {
        Optional<String> personNote = doc.person().flatMap(p -> p.notes().stream().map(Note::text).findFirst());
        if (personNote.isPresent()) {
            return personNote;
        }
        return doc.tuples().stream().filter(t -> t.basic() == Basic.OPEN).flatMap(t -> t.notes().stream())
                .map(Note::text).findFirst();
    }
}
