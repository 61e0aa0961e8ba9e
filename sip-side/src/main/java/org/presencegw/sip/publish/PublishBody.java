package org.presencegw.sip.publish;

import java.util.Objects;

/** The body of a PUBLISH with its Content-Type header value. The bytes are copied in and out. */
@SuppressWarnings("ArrayRecordComponent") // never compared or hashed; the bytes are copied in and out
public record PublishBody(String contentType, byte[] bytes) {

    public PublishBody {
        Objects.requireNonNull(contentType, "contentType");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The media type without parameters, lower case, e.g. {@code application/pidf+xml}. */
    public String mediaType() {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(java.util.Locale.ROOT);
    }
}
