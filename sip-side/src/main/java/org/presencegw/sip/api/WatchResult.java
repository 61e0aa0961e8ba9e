package org.presencegw.sip.api;

import java.util.Objects;
import org.presencegw.sip.model.PresenceState;

/** A presence source's answer to a watch request. */
public sealed interface WatchResult {

    /** Accepted: the subscription attaches to {@code view}; {@code current} is the state for the first NOTIFY. */
    record Accepted(ViewKey view, PresenceState current) implements WatchResult {
        public Accepted {
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(current, "current");
        }
    }

    /** Refused with a SIP final status (403, 404, 480 ...) and reason phrase. */
    record Refused(int status, String reason) implements WatchResult {
        public Refused {
            if (status < 400 || status > 699) {
                throw new IllegalArgumentException("not a failure status: " + status);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }
}
