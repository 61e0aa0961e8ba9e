package org.presencegw.sip.publish;

/** A PIDF body that is refused: malformed, hostile, too big or not PIDF. Answered with 400. */
public final class PidfParseException extends Exception {

    public PidfParseException(String reason) {
        super(reason);
    }

    public PidfParseException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
