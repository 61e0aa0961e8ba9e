package org.presencegw.sip.api;

import java.util.Objects;

/**
 * Names one "view" a presence source serves: a presentity as seen by one authorisation context (for the jabber
 * source: one XMPP account's view of one contact). Every subscription attached to the same view gets the same
 * state, so the presence server renders each change once per view. The source chooses the id.
 */
public record ViewKey(String source, String id) {
    public ViewKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }
}
