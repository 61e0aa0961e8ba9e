package org.presencegw.gateway.store;

import java.util.Objects;

/** One change to what the XMPP side remembers; a list of them commits atomically. */
public sealed interface XmppChange {

    /** Inserts or replaces the row with the same account, contact and kind. */
    record PutMemory(XmppMemoryRow row) implements XmppChange {
        public PutMemory {
            Objects.requireNonNull(row, "row");
        }
    }

    /** Removes the row with this account, contact and kind; no error when it is not there. */
    record RemoveMemory(String account, String contact, String kind) implements XmppChange {
        public RemoveMemory {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(contact, "contact");
            Objects.requireNonNull(kind, "kind");
        }
    }
}
