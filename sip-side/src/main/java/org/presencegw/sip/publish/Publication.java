package org.presencegw.sip.publish;

import java.time.Instant;
import java.util.Objects;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.PresenceDocument;

/**
 * One piece of published event state (RFC 3903 section 6): a presentity's document under an entity-tag, until
 * {@code expiresAt}. {@code revision} orders publications by their last modification (not refresh).
 */
public record Publication(SipAddress resource, String etag, PresenceDocument document, Instant expiresAt,
                          long revision) {

    public Publication {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the publication has lapsed at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
