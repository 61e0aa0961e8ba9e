package org.presencegw.sip.registrar;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a REGISTER request the registrar decides on, as plain header values so that this package stays
 * free of any SIP stack's types.
 *
 * @param requestUri        the Request-URI, e.g. {@code sip:reg.example}
 * @param to                the To header value (name-addr or addr-spec, tag allowed)
 * @param contacts          every Contact header value, in order (each may hold several comma-separated contacts)
 * @param expires           the Expires header value, if present
 * @param callId            the Call-ID
 * @param cseq              the CSeq sequence number
 * @param require           option tags from Require headers
 * @param authenticatedUser the digest username, when the request was authenticated
 * @param flow              where the request came from, e.g. {@code udp:192.0.2.4:5060}
 * @param path              the Path header values (RFC 3327), in order: the proxies that reach the contact
 */
public record RegisterRequest(String requestUri, String to, List<String> contacts, Optional<String> expires,
                              String callId, long cseq, List<String> require, Optional<String> authenticatedUser,
                              String flow, List<String> path) {

    public RegisterRequest {
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(to, "to");
        contacts = List.copyOf(contacts);
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(callId, "callId");
        require = List.copyOf(require);
        Objects.requireNonNull(authenticatedUser, "authenticatedUser");
        Objects.requireNonNull(flow, "flow");
        path = List.copyOf(path);
    }

    /** A REGISTER without Path. */
    public RegisterRequest(String requestUri, String to, List<String> contacts, Optional<String> expires,
                           String callId, long cseq, List<String> require, Optional<String> authenticatedUser,
                           String flow) {
        this(requestUri, to, contacts, expires, callId, cseq, require, authenticatedUser, flow, List.of());
    }
}
