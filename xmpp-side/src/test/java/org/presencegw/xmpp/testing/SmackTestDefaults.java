package org.presencegw.xmpp.testing;

import org.jivesoftware.smack.roster.Roster;

/**
 * The test JVM's Smack defaults. The gateway switches Smack's {@code Roster} off (its accounts follow the roster
 * themselves), but the tests' own clients load it, and once loaded Smack gives every new connection one, the
 * gateway's accounts' included. Its default mode {@code reject_all} would then answer subscription requests in the
 * mapped users' names, which the gateway never does (RFC 6121 3.1.3): the tests make it {@code manual}, so a test
 * JVM behaves like the gateway's own.
 */
public final class SmackTestDefaults {
    static {
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
    }

    private SmackTestDefaults() {
    }

    /** Applies the defaults (once per JVM; every call after the first does nothing). */
    public static void apply() {
        // the static initialiser did it
    }
}
