package org.presencegw.xmpp;

import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway's own resource of an account announces. The priority is always negative (-1) so that the
 * gateway never receives chats meant for the user (docs/DESIGN.md, account mapping semantics).
 *
 * @param available false for {@code type='unavailable'}
 * @param show      show when available (AVAILABLE means no {@code <show/>} element)
 * @param status    status text, if any
 */
public record OwnPresence(boolean available, Show show, Optional<String> status) {
    public OwnPresence {
        Objects.requireNonNull(show, "show");
        Objects.requireNonNull(status, "status");
    }

    public static final OwnPresence UNAVAILABLE = new OwnPresence(false, Show.AVAILABLE, Optional.empty());
    public static final OwnPresence AVAILABLE = new OwnPresence(true, Show.AVAILABLE, Optional.empty());
}
