package org.presencegw.sip.api;

/**
 * Hears changes of SIP users' own state (registered / published). Called from SIP or scheduler threads after the
 * change is committed, in order per user; must not block.
 */
@FunctionalInterface
public interface SipUserListener {
    void userStateChanged(SipUserState state);
}
