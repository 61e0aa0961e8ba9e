package org.presencegw.sip;

/** The presence server could not start; the message is one human-readable line. */
public final class SipStartException extends Exception {
    public SipStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
