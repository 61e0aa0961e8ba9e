package org.presencegw.sip.store;

/** The store cannot do what was asked (database down, disk full, read-only file ...). The message is one line. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
