package org.presencegw.sip.store;

import java.util.List;
import java.util.Objects;

/** One change to the SIP side's durable state; a list of them commits atomically. */
public sealed interface SipChange {

    /**
     * Inserts or replaces a subscription (by its key).
     *
     * @param key the row's key: the live subscription's own instance, so that the writer's row ids keep that one
     *            instead of a copy per subscription (one object less for the young collector to copy twice,
     *            bench/FINDINGS.md "Session 36")
     */
    record PutSubscription(SubscriptionRow row, SubscriptionKey key) implements SipChange {
        public PutSubscription {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(key, "key");
            if (!key.callId().equals(row.callId()) || !key.localTag().equals(row.localTag())) {
                throw new IllegalArgumentException("key " + key + " is not the row's");
            }
        }

        public PutSubscription(SubscriptionRow row) {
            this(row, row.key());
        }
    }

    /** Removes a subscription; no error when it is not there. */
    record RemoveSubscription(SubscriptionKey key) implements SipChange {
        public RemoveSubscription {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Replaces every binding of an address of record; an empty list removes them all. */
    record ReplaceBindings(String aor, List<BindingRow> bindings) implements SipChange {
        public ReplaceBindings {
            Objects.requireNonNull(aor, "aor");
            bindings = List.copyOf(bindings);
        }
    }

    /** Inserts or replaces a publication (by its entity-tag). */
    record PutPublication(PublicationRow row) implements SipChange {
        public PutPublication {
            Objects.requireNonNull(row, "row");
        }
    }

    /** Removes a publication; no error when it is not there. */
    record RemovePublication(String etag) implements SipChange {
        public RemovePublication {
            Objects.requireNonNull(etag, "etag");
        }
    }
}
