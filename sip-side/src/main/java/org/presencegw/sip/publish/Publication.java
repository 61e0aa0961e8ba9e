package org.presencegw.sip.publish;

import java.time.Instant;
import java.util.Objects;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.pidf.PidfRenderer;
import org.presencegw.sip.store.PublicationRow;

/**
 * One piece of published event state (RFC 3903 section 6): a presentity's document under an entity-tag, until
 * {@code expiresAtMillis} (epoch milliseconds), and {@code revision}, which orders publications by their last
 * modification (not refresh).
 *
 * <p>Only the parsed document is kept, not the body it was read from: a compositor may hold a publication per
 * phone for an hour, and at 12,000 PUBLISH/s the body, its content type and an {@link Instant} beside the document
 * more than doubled what each one held (bench/FINDINGS.md, "Session 43"). The store row of a new or modified
 * publication carries the body as received ({@link #toRow(byte[])}); a refresh's row, and the rows rewritten after
 * the store recovered, carry the document rendered again ({@link #toRow()}), which reads back as the same document.
 */
public record Publication(SipAddress resource, String etag, PresenceDocument document, long expiresAtMillis,
                          long revision) {

    private static final String PIDF = "application/pidf+xml";
    private static final PidfRenderer RENDERER = new PidfRenderer();

    public Publication {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(document, "document");
    }

    /** When the publication lapses. */
    public Instant expiresAt() {
        return Instant.ofEpochMilli(expiresAtMillis);
    }

    /** Whether the publication has lapsed at {@code now}. */
    public boolean expiredAt(Instant now) {
        return now.toEpochMilli() >= expiresAtMillis;
    }

    /** The store row, with {@code body}: the PIDF this publication's document was read from. */
    public PublicationRow toRow(byte[] body) {
        return new PublicationRow(resource.uri(), etag, PIDF, body, expiresAtMillis, revision);
    }

    /** The store row, with the document rendered as PIDF (it parses back to the same document). */
    public PublicationRow toRow() {
        return toRow(RENDERER.render(document, resource.uri()));
    }

    /**
     * The publication a store row describes, its body parsed again.
     *
     * @throws PidfParseException when the stored body is no longer valid PIDF
     * @throws IllegalArgumentException when the stored resource is not a SIP address
     */
    public static Publication fromRow(PublicationRow row) throws PidfParseException {
        return new Publication(SipAddress.parse(row.resource()).withoutGr(), row.etag(), PidfParser.parse(row.body()),
                row.expiresAt(), row.revision());
    }
}
