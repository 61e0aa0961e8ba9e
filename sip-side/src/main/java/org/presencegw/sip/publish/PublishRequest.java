package org.presencegw.sip.publish;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a PUBLISH request (RFC 3903) the event state compositor decides on, as plain header values.
 *
 * @param requestUri the Request-URI: the presentity whose state is published
 * @param event      the Event header value, if any
 * @param ifMatch    every SIP-If-Match header value, in order
 * @param expires    the Expires header value, if any
 * @param body       the body, if any
 */
public record PublishRequest(String requestUri, Optional<String> event, List<String> ifMatch,
                             Optional<String> expires, Optional<PublishBody> body) {

    public PublishRequest {
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(event, "event");
        ifMatch = List.copyOf(ifMatch);
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(body, "body");
    }
}
