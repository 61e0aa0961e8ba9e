package org.presencegw.sip.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The data-model person element (RFC 4479) carrying RPID activities (RFC 4480 section 3.2) and person notes.
 */
public record Person(String id, Set<Activity> activities, List<Note> notes) {
    public Person {
        Objects.requireNonNull(id, "id");
        activities = Set.copyOf(activities);
        notes = List.copyOf(notes);
    }
}
