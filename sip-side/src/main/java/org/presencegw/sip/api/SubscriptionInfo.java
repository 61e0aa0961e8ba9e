package org.presencegw.sip.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only snapshot of one live subscription, for operators (the admin API, the status page).
 *
 * @param callId          the dialog's Call-ID
 * @param localTag        our tag (the To tag of the SUBSCRIBE's 2xx)
 * @param remoteTag       the watcher's tag (its From tag)
 * @param watcher         the watcher's address of record
 * @param presentity      the watched address
 * @param event           the event package ({@code presence}, {@code dialog})
 * @param state           {@code pending}, {@code active} (or {@code terminated} while its last NOTIFY is in flight)
 * @param expiresAt       when it runs out
 * @param lastNotifyAt    when the last NOTIFY went out, if any
 * @param lastNotifyAnswer how it ended: the status code, {@code timeout}, {@code error}, or {@code pending}
 */
public record SubscriptionInfo(String callId, String localTag, String remoteTag, String watcher, String presentity,
                               String event, String state, Instant expiresAt, Optional<Instant> lastNotifyAt,
                               String lastNotifyAnswer) {
    public SubscriptionInfo {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(localTag, "localTag");
        Objects.requireNonNull(remoteTag, "remoteTag");
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(presentity, "presentity");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastNotifyAt, "lastNotifyAt");
        Objects.requireNonNull(lastNotifyAnswer, "lastNotifyAnswer");
    }
}
