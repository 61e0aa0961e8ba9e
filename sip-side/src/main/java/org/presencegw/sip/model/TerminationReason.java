package org.presencegw.sip.model;

/** The {@code reason} values of {@code Subscription-State: terminated} (RFC 6665 section 4.1.3). */
public enum TerminationReason {
    DEACTIVATED("deactivated"),
    PROBATION("probation"),
    REJECTED("rejected"),
    TIMEOUT("timeout"),
    GIVEUP("giveup"),
    NORESOURCE("noresource"),
    INVARIANT("invariant");

    private final String wire;

    TerminationReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
