package org.presencegw.xmpp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jivesoftware.smack.packet.StanzaError;

/**
 * A {@code <presence type='error'/>} about a contact (RFC 6120 8.3): e.g. its domain cannot be reached, or the
 * server refuses to route to it. Which type and condition a server sends differs by server and setup
 * (docs/notes/ejabberd.md), so a listener should react to the error as such and use the condition only to pick a
 * reason.
 *
 * @param type      the error type (RFC 6120 8.3.2): how a retry is meant to go
 * @param condition the defined condition's element name (RFC 6120 8.3.3), e.g. {@code remote-server-not-found}
 * @param text      the human-readable text, if any
 */
public record PresenceError(Type type, String condition, Optional<String> text) {
    /** RFC 6120 8.3.2. */
    public enum Type {
        AUTH, CANCEL, CONTINUE, MODIFY, WAIT
    }

    public PresenceError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(text, "text");
    }

    /** Reads Smack's error; a missing one counts as {@code cancel}/{@code undefined-condition}. */
    static PresenceError of(StanzaError error) {
        if (error == null) {
            return new PresenceError(Type.CANCEL, "undefined-condition", Optional.empty());
        }
        Type type = error.getType() == null ? Type.CANCEL : Type.valueOf(error.getType().name());
        String condition = error.getCondition() == null ? "undefined-condition" : error.getCondition().toString();
        return new PresenceError(type, condition, Optional.ofNullable(error.getDescriptiveText()));
    }

    /** One line for logs and SIP reason phrases, e.g. {@code cancel/remote-server-not-found}. */
    @Override
    public String toString() {
        return type.name().toLowerCase(Locale.ROOT) + "/" + condition + text.map(t -> " (" + t + ")").orElse("");
    }
}
