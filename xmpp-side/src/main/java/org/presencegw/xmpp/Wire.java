package org.presencegw.xmpp;

import org.jivesoftware.smack.packet.Presence;

/** Sends one stanza of an account; false when it cannot go out now (not connected). Never blocks long. */
@FunctionalInterface
interface Wire {
    boolean send(Presence presence);
}
