package org.presencegw.sip.subscription;

import java.util.Optional;
import java.util.Set;
import org.presencegw.sip.api.SipStats.NotifyOutcome;

/**
 * How a NOTIFY transaction ended: the outcome counted in the SIP statistics, the answer operators see ("200",
 * "timeout", "error") and, when it ends the subscription, why.
 */
record NotifyEnd(NotifyOutcome outcome, String answer, Optional<String> failure) {
    /** RFC 6665 4.2.2: NOTIFY responses that end the subscription. */
    private static final Set<Integer> FATAL_STATUS =
            Set.of(404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604);

    static final NotifyEnd TIMEOUT = new NotifyEnd(NotifyOutcome.TIMEOUT, "timeout", Optional.of("timeout"));
    /** A copy of the NOTIFY could not be sent (RFC 3261 17.1.4). */
    static final NotifyEnd SEND_FAILED = new NotifyEnd(NotifyOutcome.ERROR, "error", Optional.of("send failed"));
    static final NotifyEnd UNANSWERED =
            new NotifyEnd(NotifyOutcome.ERROR, "error", Optional.of("transaction ended unanswered"));

    /** The answers' texts for the status codes 100-699, kept once: the last one stays with each subscription. */
    private static final String[] STATUS_TEXT = new String[600];

    static {
        for (int i = 0; i < STATUS_TEXT.length; i++) {
            STATUS_TEXT[i] = Integer.toString(100 + i);
        }
    }

    /** A final response {@code status}. */
    static NotifyEnd answered(int status) {
        String text = status >= 100 && status < 700 ? STATUS_TEXT[status - 100] : Integer.toString(status);
        return new NotifyEnd(NotifyOutcome.ANSWERED, text,
                FATAL_STATUS.contains(status) ? Optional.of("answered " + status) : Optional.empty());
    }

    /** No answer came (timeout or a transaction that ended unanswered): counts against the destination. */
    boolean unanswered() {
        return outcome != NotifyOutcome.ANSWERED;
    }
}
