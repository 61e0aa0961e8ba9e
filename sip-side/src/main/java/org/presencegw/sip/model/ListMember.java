package org.presencegw.sip.model;

import java.util.Objects;

/**
 * One resource of a resource list (RFC 4662 section 5: an RLMI {@code <resource>}) and its state as the list's
 * source sees it now.
 *
 * @param uri   the resource's URI (the RLMI {@code uri} attribute and the entity of its body)
 * @param state the resource's own state; never a list (lists of lists are not served)
 */
public record ListMember(String uri, PresenceState state) {
    public ListMember {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(state, "state");
        if (state instanceof PresenceState.ResourceList) {
            throw new IllegalArgumentException("a list member cannot be a list: " + uri);
        }
    }
}
