package org.presencegw.sip.model;

/** PIDF basic status (RFC 3863 section 4.1.4). */
public enum Basic {
    OPEN("open"),
    CLOSED("closed");

    private final String wire;

    Basic(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
