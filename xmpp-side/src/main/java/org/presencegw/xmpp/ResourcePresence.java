package org.presencegw.xmpp;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The current presence of one available resource of a contact (unavailable resources are simply absent).
 *
 * @param resource  the resourcepart
 * @param show      availability
 * @param statuses  status texts, one per xml:lang (RFC 6121 4.7.2.2), in stanza order
 * @param priority  -128..127, 0 when absent (RFC 6121 4.7.2.3)
 * @param lang      the stanza's xml:lang, if any
 * @param since     when the gateway received this presence
 */
public record ResourcePresence(String resource, Show show, List<StatusText> statuses, int priority,
                               Optional<String> lang, Instant since) {
    public ResourcePresence {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(show, "show");
        statuses = List.copyOf(statuses);
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(since, "since");
    }
}
