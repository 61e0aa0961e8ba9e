package org.presencegw.sip.api;

/**
 * Hears changes of SIP users' own state (registered / published). Called after the change is committed, on the
 * presence server's scheduler (never under a sip-side lock), in order per user, with the user's full state;
 * must not block.
 */
@FunctionalInterface
public interface SipUserListener {
    void userStateChanged(SipUserState state);
}
