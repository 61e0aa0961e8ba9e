package org.presencegw.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One HTTP answer of the admin listener. */
final class Reply {
    static final String JSON = "application/json; charset=utf-8";

    private final int status;
    private final String contentType;
    private final byte[] body;

    Reply(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.body = body.clone();
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    byte[] body() {
        return body.clone();
    }

    static Reply json(int status, JsonWriter json) {
        return new Reply(status, JSON, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"error": message}}. */
    static Reply error(int status, String message) {
        return json(status, new JsonWriter().beginObject().field("error", message).endObject());
    }
}
