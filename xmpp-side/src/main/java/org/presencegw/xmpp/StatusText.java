package org.presencegw.xmpp;

import java.util.Objects;
import java.util.Optional;

/** One {@code <status/>} text with its language, if the stanza or element had one. */
public record StatusText(String text, Optional<String> lang) {
    public StatusText {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(lang, "lang");
    }
}
