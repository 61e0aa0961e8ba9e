package org.presencegw.sip.publish;

import java.time.Instant;
import java.util.Objects;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.store.PublicationRow;

/**
 * One piece of published event state (RFC 3903 section 6): a presentity's document under an entity-tag, until
 * {@code expiresAt}, with the body it was read from (kept for the store). {@code revision} orders publications by
 * their last modification (not refresh).
 */
public record Publication(SipAddress resource, String etag, PresenceDocument document, PublishBody body,
                          Instant expiresAt, long revision) {

    public Publication {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the publication has lapsed at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The store row. */
    public PublicationRow toRow() {
        return new PublicationRow(resource.uri(), etag, body.contentType(), body.bytes(), expiresAt.toEpochMilli(),
                revision);
    }

    /**
     * The publication a store row describes, its body parsed again.
     *
     * @throws PidfParseException when the stored body is no longer valid PIDF
     * @throws IllegalArgumentException when the stored resource is not a SIP address
     */
    public static Publication fromRow(PublicationRow row) throws PidfParseException {
        PublishBody body = new PublishBody(row.contentType(), row.body());
        return new Publication(SipAddress.parse(row.resource()).withoutGr(), row.etag(),
                PidfParser.parse(body.bytes()), body, Instant.ofEpochMilli(row.expiresAt()), row.revision());
    }
}
