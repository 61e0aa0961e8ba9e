package org.presencegw.gateway.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.xmpp.OwnPresence;
import org.presencegw.xmpp.Show;

/** CONFORMANCE.md REV rows and A2/A3 (reverse column): SIP user state to the gateway resource's presence. */
class OwnPresenceMapperTest {

    private static PresenceDocument doc(Basic basic, Set<Activity> activities, String note) {
        PresenceTuple t = new PresenceTuple("t1", basic, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty());
        Optional<Person> person = activities.isEmpty() && note == null ? Optional.empty()
                : Optional.of(new Person("p", activities, note == null ? List.of() : List.of(Note.of(note))));
        return new PresenceDocument(List.of(t), person);
    }

    @Test
    void map_neitherRegisteredNorWatchingNorPublished_isUnavailable() {
        assertEquals(OwnPresence.UNAVAILABLE, OwnPresenceMapper.map(false, false, Optional.empty()));
    }

    @Test
    void map_registeredOrWatching_isAvailable() {
        assertEquals(OwnPresence.AVAILABLE, OwnPresenceMapper.map(true, false, Optional.empty()));
        assertEquals(OwnPresence.AVAILABLE, OwnPresenceMapper.map(false, true, Optional.empty()));
    }

    @Test
    void map_publishedBusyOrOnThePhone_isDndWithNote() {
        OwnPresence p = OwnPresenceMapper.map(true, false,
                Optional.of(doc(Basic.OPEN, Set.of(Activity.ON_THE_PHONE), "on a call")));
        assertEquals(new OwnPresence(true, Show.DND, Optional.of("on a call")), p);
        assertEquals(Show.DND, OwnPresenceMapper.map(false, false,
                Optional.of(doc(Basic.OPEN, Set.of(Activity.BUSY), null))).show());
    }

    @Test
    void map_publishedAwayAndVacation_areAwayAndXa() {
        assertEquals(Show.AWAY, OwnPresenceMapper.map(true, false,
                Optional.of(doc(Basic.OPEN, Set.of(Activity.LUNCH), null))).show());
        assertEquals(Show.XA, OwnPresenceMapper.map(true, false,
                Optional.of(doc(Basic.OPEN, Set.of(Activity.VACATION), null))).show());
    }

    @Test
    void map_publishedClosed_overridesRegistration() {
        assertEquals(OwnPresence.UNAVAILABLE, OwnPresenceMapper.map(true, true,
                Optional.of(doc(Basic.CLOSED, Set.of(Activity.BUSY), "gone"))));
    }

    @Test
    void map_publishedOpenWithEmbeddedShow_usesIt() {
        PresenceTuple t = new PresenceTuple("t1", Basic.OPEN, Optional.of("xa"), Optional.empty(), Optional.empty(),
                List.of(Note.of("far away")), Optional.empty());
        OwnPresence p = OwnPresenceMapper.map(false, false, Optional.of(new PresenceDocument(List.of(t),
                Optional.empty())));
        assertEquals(new OwnPresence(true, Show.XA, Optional.of("far away")), p);
    }
}
