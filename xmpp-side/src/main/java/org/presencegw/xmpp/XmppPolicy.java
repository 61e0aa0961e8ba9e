package org.presencegw.xmpp;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway's accounts behave, beyond where they connect ({@link XmppEndpoint}). Every value has a documented
 * default ({@link #DEFAULTS}); the config file's {@code xmpp:} section can change each (README).
 *
 * @param presenceGrace          after the account's own initial presence (RFC 6121 4.2), how long a contact with a
 *                               {@code to}/{@code both} subscription may stay silent before it counts as offline:
 *                               RFC 6121 4.3.2 makes the server's answer for an offline contact a SHOULD, and
 *                               ejabberd 23.01 sends none (docs/notes/ejabberd.md). Default 3 s; zero means at once
 * @param loginsPerSecond        at most this many connect + login attempts per second over all accounts, first logins
 *                               and reconnects alike (no storm after a server restart). Default 200
 * @param resubscribeQuietPeriod how long a denied, revoked or dropped subscription is remembered: in that time no new
 *                               subscription request goes to the contact in the user's name (RFC 6121 3.1.4 leaves
 *                               re-asking to the user). Default 24 h; zero remembers nothing
 * @param pendingGiveup          how long a SIP watch may stay {@code pending} on an unanswered request before the
 *                               gateway ends it with {@code terminated;reason=giveup} (RFC 6665 4.1.3). Used by the
 *                               gateway's jabber source. Default 10 min; zero keeps it pending until it expires
 * @param keepalive              how often each account pings its server (XEP-0199) to notice a dead connection;
 *                               no answer within the same time ends the session. Default 30 s, at least 1 s
 */
public record XmppPolicy(Duration presenceGrace, int loginsPerSecond, Duration resubscribeQuietPeriod,
                         Duration pendingGiveup, Duration keepalive) {
    public static final XmppPolicy DEFAULTS = new XmppPolicy(Duration.ofSeconds(3), 200, Duration.ofHours(24),
            Duration.ofMinutes(10), Duration.ofSeconds(30));

    public XmppPolicy {
        requireNotNegative(presenceGrace, "presenceGrace");
        requireNotNegative(resubscribeQuietPeriod, "resubscribeQuietPeriod");
        requireNotNegative(pendingGiveup, "pendingGiveup");
        requireNotNegative(keepalive, "keepalive");
        if (loginsPerSecond < 1) {
            throw new IllegalArgumentException("loginsPerSecond must be at least 1: " + loginsPerSecond);
        }
        if (keepalive.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("keepalive must be at least 1 s: " + keepalive);
        }
    }

    public XmppPolicy withPresenceGrace(Duration value) {
        return new XmppPolicy(value, loginsPerSecond, resubscribeQuietPeriod, pendingGiveup, keepalive);
    }

    public XmppPolicy withLoginsPerSecond(int value) {
        return new XmppPolicy(presenceGrace, value, resubscribeQuietPeriod, pendingGiveup, keepalive);
    }

    public XmppPolicy withResubscribeQuietPeriod(Duration value) {
        return new XmppPolicy(presenceGrace, loginsPerSecond, value, pendingGiveup, keepalive);
    }

    public XmppPolicy withPendingGiveup(Duration value) {
        return new XmppPolicy(presenceGrace, loginsPerSecond, resubscribeQuietPeriod, value, keepalive);
    }

    public XmppPolicy withKeepalive(Duration value) {
        return new XmppPolicy(presenceGrace, loginsPerSecond, resubscribeQuietPeriod, pendingGiveup, value);
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
