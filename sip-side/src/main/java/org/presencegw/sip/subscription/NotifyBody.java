package org.presencegw.sip.subscription;

import java.util.Objects;

/**
 * A rendered NOTIFY body and its full {@code Content-Type} value: {@code type/subtype} for a single document, with
 * parameters for a resource list's {@code multipart/related} (RFC 4662 section 5, RFC 2387).
 */
@SuppressWarnings("ArrayRecordComponent") // never compared or hashed: set as the NOTIFY's content
record NotifyBody(String contentType, byte[] bytes) {
    NotifyBody {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(bytes, "bytes");
    }
}
