package org.presencegw.sip;

import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.presencegw.sip.api.SubscriptionInfo;

/**
 * What a server holds, added to a failed wait's message: a NOTIFY that never came is then explained by its
 * subscription's state and how its last NOTIFY ended ({@code pending}: still unanswered).
 */
final class ServerDiagnostics {

    private ServerDiagnostics() {
    }

    /** Runs {@code await}; when it fails, fails again with the server's subscriptions in the message. */
    static <T> T explained(PresenceServer server, Supplier<T> await) {
        return explained(() -> describe(server), await);
    }

    /** Runs {@code await}; when it fails, fails again with {@code state} (taken then) in the message. */
    static <T> T explained(Supplier<String> state, Supplier<T> await) {
        try {
            return await.get();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; server: " + state.get(), e);
        }
    }

    static String describe(PresenceServer server) {
        try {
            return "subscriptions " + server.operatorView().subscriptions().list().stream().map(ServerDiagnostics::line)
                    .collect(Collectors.joining(", ", "[", "]"));
        } catch (RuntimeException e) {
            return "(cannot describe: " + e + ")";
        }
    }

    private static String line(SubscriptionInfo s) {
        return s.callId() + " " + s.state() + " last NOTIFY " + s.lastNotifyAt().map(Object::toString).orElse("none")
                + " answered " + s.lastNotifyAnswer();
    }
}
