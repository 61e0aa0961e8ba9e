package org.presencegw.gateway;

/** The gateway cannot start; the message is one line for the operator. */
public final class GatewayStartException extends Exception {
    public GatewayStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
