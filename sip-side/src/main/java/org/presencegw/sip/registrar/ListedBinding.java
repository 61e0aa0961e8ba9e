package org.presencegw.sip.registrar;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One Contact of a 200 response to REGISTER: a current binding with the seconds it has left
 * (RFC 3261 section 10.3 step 8: "each Contact value MUST feature an expires parameter").
 */
public record ListedBinding(ContactUri contact, long expiresSeconds, Optional<BigDecimal> q) {

    public ListedBinding {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(q, "q");
    }

    /** The Contact header value, e.g. {@code <sip:bob@192.0.2.4>;expires=3600;q=0.5}. */
    public String headerValue() {
        return "<" + contact.text() + ">;expires=" + expiresSeconds + q.map(v -> ";q=" + v.toPlainString()).orElse("");
    }
}
