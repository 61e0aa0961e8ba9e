package org.presencegw.sip.registrar;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.store.SipChange;

/** What the registrar decided about one REGISTER; the SIP adapter turns it into the one final response. */
public sealed interface RegisterOutcome {

    /**
     * Answer with this failure status; no binding was changed.
     *
     * @param headers extra response headers, e.g. {@code Min-Expires} with 423 or {@code Unsupported} with 420
     */
    record Failure(int status, String reason, Map<String, String> headers) implements RegisterOutcome {
        public Failure {
            if (status < 400 || status > 699) {
                throw new IllegalArgumentException("not a failure status: " + status);
            }
            Objects.requireNonNull(reason, "reason");
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Answer 200 listing {@code contacts} (every current binding of the AOR), once {@code writes} are durable;
     * {@code change} is present when the AOR's presence changed.
     */
    record Success(SipAddress aor, List<ListedBinding> contacts, Optional<BindingsChanged> change,
                   List<SipChange> writes) implements RegisterOutcome {
        public Success {
            Objects.requireNonNull(aor, "aor");
            contacts = List.copyOf(contacts);
            Objects.requireNonNull(change, "change");
            writes = List.copyOf(writes);
        }
    }

    static RegisterOutcome failure(int status, String reason) {
        return new Failure(status, reason, Map.of());
    }
}
