package org.presencegw.sip.api;

import org.presencegw.sip.model.PresenceState;

/**
 * Receives state changes of views from presence sources. Implemented by the presence server: it never blocks the
 * caller (sources call it from XMPP or scheduler threads) and NOTIFYs every subscription attached to the view.
 * Every call carries full state, never a diff.
 */
@FunctionalInterface
public interface PresenceSink {
    void publish(ViewKey view, PresenceState state);
}
