package org.presencegw.sip.publish;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.store.SipChange;

/** What the event state compositor decided about one PUBLISH; the SIP adapter sends the one final response. */
public sealed interface PublishOutcome {

    /** Answer with this failure; nothing was changed. {@code headers}: Min-Expires, Accept, Allow-Events. */
    record Failure(int status, String reason, Map<String, String> headers) implements PublishOutcome {
        public Failure {
            if (status < 400 || status > 699) {
                throw new IllegalArgumentException("not a failure status: " + status);
            }
            Objects.requireNonNull(reason, "reason");
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Once {@code writes} are durable, answer 200 with {@code SIP-ETag: etag} (absent after a removal) and {@code Expires: expiresSeconds}
     * (RFC 3903 section 6 step 8); {@code change} is present when the effective state changed.
     */
    record Success(Optional<String> etag, long expiresSeconds, Optional<PublicationChange> change,
                   List<SipChange> writes) implements PublishOutcome {
        public Success {
            Objects.requireNonNull(etag, "etag");
            Objects.requireNonNull(change, "change");
            writes = List.copyOf(writes);
        }
    }
}
