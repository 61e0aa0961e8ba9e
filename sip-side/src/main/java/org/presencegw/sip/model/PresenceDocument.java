package org.presencegw.sip.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable presence model sip-side serves: full state of one presentity as one watcher may see it.
 * Renderers turn it into bytes (PIDF); the PIDF {@code entity} is supplied at render time.
 * A document always has at least one tuple (an offline contact is one closed tuple, never an empty document).
 */
public record PresenceDocument(List<PresenceTuple> tuples, Optional<Person> person) {
    public PresenceDocument {
        tuples = List.copyOf(tuples);
        if (tuples.isEmpty()) {
            throw new IllegalArgumentException("a presence document needs at least one tuple");
        }
        Objects.requireNonNull(person, "person");
    }
}
