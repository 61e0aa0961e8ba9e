package org.presencegw.gateway.jabber;

import org.presencegw.sip.model.TerminationReason;
import org.presencegw.xmpp.PresenceError;

/**
 * Which {@code Subscription-State: terminated} reason (RFC 6665 4.1.3) a {@code <presence type='error'/>} about a
 * watched contact gives (CONFORMANCE AZ-08). The condition decides when it is one of RFC 6120 8.3.3's that says
 * something about the presentity; otherwise the error type does (RFC 6120 8.3.2: {@code auth} means not allowed,
 * {@code wait} means later). Servers differ in what they send for the same cause (docs/notes/ejabberd.md), so
 * every error ends the watch, none leaves it pending. Pure.
 */
final class ErrorReasons {
    private ErrorReasons() {
    }

    static TerminationReason reasonFor(PresenceError error) {
        return switch (error.condition()) {
            // The presentity or its domain does not exist: "noresource" (do not retry).
            case "item-not-found", "remote-server-not-found", "gone", "recipient-unavailable", "jid-malformed" ->
                    TerminationReason.NORESOURCE;
            // Routing to it is refused: "rejected".
            case "forbidden", "not-allowed", "not-authorized", "registration-required", "subscription-required",
                    "policy-violation" -> TerminationReason.REJECTED;
            // Try again later: "probation".
            case "remote-server-timeout", "resource-constraint", "internal-server-error", "service-unavailable" ->
                    TerminationReason.PROBATION;
            default -> switch (error.type()) {
                case AUTH -> TerminationReason.REJECTED;
                case WAIT -> TerminationReason.PROBATION;
                case CANCEL, MODIFY, CONTINUE -> TerminationReason.NORESOURCE;
            };
        };
    }
}
