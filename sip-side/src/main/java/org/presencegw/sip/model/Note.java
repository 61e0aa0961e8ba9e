package org.presencegw.sip.model;

import java.util.Objects;
import java.util.Optional;

/** A PIDF {@code <note>} with its optional {@code xml:lang} (RFC 3863 section 4.1.6). */
public record Note(String text, Optional<String> lang) {
    public Note {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(lang, "lang");
    }

    public static Note of(String text) {
        return new Note(text, Optional.empty());
    }
}
