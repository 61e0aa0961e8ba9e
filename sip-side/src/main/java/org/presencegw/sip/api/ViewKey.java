package org.presencegw.sip.api;

import java.util.Objects;

/**
 * Names one "view" a presence source serves: a presentity as seen by one authorisation context (for the jabber
 * source: one XMPP account's view of one contact). Every subscription attached to the same view gets the same
 * state, so the presence server renders each change once per view. The source chooses the id.
 *
 * <p>{@link #equals} and {@link #hashCode} are written out: the record's generated ones go through method handles
 * that C2 did not always inline into the maps' lookups on the SUBSCRIBE path (1.2 % of a profiled 10,000/s step
 * in their frames, bench/FINDINGS.md "Session 25"). Same contract as the generated ones.
 */
public record ViewKey(String source, String id) {
    public ViewKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ViewKey other && id.equals(other.id) && source.equals(other.source));
    }

    @Override
    public int hashCode() {
        return 31 * source.hashCode() + id.hashCode();
    }
}
