package org.presencegw.xmpp;

/** The account's relation to a contact (RFC 6121 section 3 and Appendix A). */
public enum RosterSubscription {
    /** The contact is not in the roster at all. */
    NOT_IN_ROSTER,
    NONE,
    /** The contact may see us; we do not see the contact. */
    FROM,
    /** We see the contact's presence. */
    TO,
    BOTH;

    /** True when the account receives the contact's presence (RFC 6121: only 'to' and 'both'). */
    public boolean seesContact() {
        return this == TO || this == BOTH;
    }
}
