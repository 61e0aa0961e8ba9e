package org.presencegw.sip.publish;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;

/**
 * Composes the live publications of one presentity into one document (RFC 3903 section 2 leaves the policy to
 * the compositor): all tuples, the most recently modified publication winning when tuple ids collide, and the
 * person of the most recently modified publication that has one.
 */
final class PresenceComposer {

    private PresenceComposer() {
    }

    static Optional<PresenceDocument> compose(List<Publication> publications) {
        if (publications.isEmpty()) {
            return Optional.empty();
        }
        if (publications.size() == 1) {
            // Its tuple ids are distinct (the parser refuses duplicates): the composition is its own document.
            return Optional.of(publications.get(0).document());
        }
        List<Publication> oldestFirst = new ArrayList<>(publications);
        oldestFirst.sort(Comparator.comparingLong(Publication::revision));
        Map<String, PresenceTuple> tuples = new LinkedHashMap<>();
        Optional<Person> person = Optional.empty();
        for (Publication p : oldestFirst) {
            for (PresenceTuple t : p.document().tuples()) {
                tuples.remove(t.id());
                tuples.put(t.id(), t);
            }
            if (p.document().person().isPresent()) {
                person = p.document().person();
            }
        }
        return Optional.of(new PresenceDocument(List.copyOf(tuples.values()), person));
    }
}
