package org.presencegw.sip.auth;

/** An Authorization header value that cannot be read; answered with 400 (RFC 7616 section 3.4). */
public final class MalformedCredentialsException extends Exception {

    public MalformedCredentialsException(String reason) {
        super(reason);
    }
}
