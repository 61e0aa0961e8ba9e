package org.presencegw.sip.pidf;

import java.util.Objects;

/**
 * The one {@code <dialog>} element a synthesised dialog-info document carries (RFC 4235 section 4.1.1): a
 * presentity's lamp, not a real INVITE dialog, so no call-id, tags or remote party.
 *
 * @param id            the dialog id; the same for every document of a subscription, so that a phone that keys its
 *                      lamp by dialog id sees the busy dialog end (the {@code terminated} form of idle)
 * @param state         RFC 4235 section 4.1.2: {@code confirmed} (lamp busy) or {@code terminated} (lamp idle)
 * @param localIdentity write {@code <local><identity>entity</identity></local>} (RFC 4235 section 4.1.6.1)
 * @param held          write a local {@code <target>} with {@code +sip.rendering=no} (RFC 4235 section 4.1.6.2,
 *                      RFC 3840 section 9: the media is not rendered, the call is on hold); needs {@code confirmed}
 */
public record DialogElement(String id, State state, boolean localIdentity, boolean held) {

    /** The dialog states a lamp is made of (RFC 4235 section 3.7.1). */
    public enum State {
        CONFIRMED("confirmed"),
        TERMINATED("terminated");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public DialogElement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        if (held && state != State.CONFIRMED) {
            throw new IllegalArgumentException("a held dialog is confirmed");
        }
    }
}
