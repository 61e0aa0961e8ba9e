package org.presencegw.sip.testing;

import java.util.Optional;
import java.util.OptionalInt;
import javax.sip.message.Request;

/**
 * A NOTIFY the {@link SipTestAgent} received (and answered).
 *
 * @param subscriptionState the raw {@code Subscription-State} value, e.g. {@code active;expires=3599}
 * @param state             {@code active}, {@code pending} or {@code terminated}
 * @param reason            the {@code reason} parameter, if any
 * @param expires           the {@code expires} parameter, if any
 * @param contentType       e.g. {@code application/pidf+xml}; empty when the NOTIFY had no body
 * @param body              the body as UTF-8 text ("" when none)
 * @param callId            the dialog's Call-ID
 * @param cseq              the NOTIFY's CSeq number
 * @param request           the whole request, for anything else
 */
public record ReceivedNotify(String subscriptionState, String state, Optional<String> reason, OptionalInt expires,
                             Optional<String> contentType, String body, String callId, long cseq,
                             Request request) {

    /** The value of a header, e.g. {@code header("Event")}; empty when absent. */
    public Optional<String> header(String name) {
        var h = request.getHeader(name);
        if (h == null) {
            return Optional.empty();
        }
        String text = h.toString();
        return Optional.of(text.substring(text.indexOf(':') + 1).trim());
    }
}
