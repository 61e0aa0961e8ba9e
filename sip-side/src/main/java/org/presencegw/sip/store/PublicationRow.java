package org.presencegw.sip.store;

import java.util.Objects;

/**
 * One publication (RFC 3903) as the store keeps it. Key: {@code etag} (unique across resources).
 *
 * @param resource    the presentity (canonical URI text)
 * @param etag        the entity-tag
 * @param contentType the body's media type, e.g. {@code application/pidf+xml}
 * @param body        the published PIDF: as received, or (a refresh, a rewrite) its document rendered again
 * @param expiresAt   epoch milliseconds when it lapses
 * @param revision    orders publications of a resource by their last modification
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode below compare the body's contents
public record PublicationRow(String resource, String etag, String contentType, byte[] body, long expiresAt,
                             long revision) {
    public PublicationRow {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(contentType, "contentType");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicationRow p && resource.equals(p.resource) && etag.equals(p.etag)
                && contentType.equals(p.contentType) && java.util.Arrays.equals(body, p.body)
                && expiresAt == p.expiresAt && revision == p.revision;
    }

    @Override
    public int hashCode() {
        return Objects.hash(resource, etag, contentType, java.util.Arrays.hashCode(body), expiresAt, revision);
    }

    @Override
    public String toString() {
        return "PublicationRow[" + resource + " " + etag + " " + contentType + " " + body.length + " bytes, expires "
                + expiresAt + ", revision " + revision + "]";
    }
}
