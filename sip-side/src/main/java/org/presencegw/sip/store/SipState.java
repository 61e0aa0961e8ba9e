package org.presencegw.sip.store;

import java.util.List;

/** Everything the SIP side had stored, as read at start-up. */
public record SipState(List<SubscriptionRow> subscriptions, List<BindingRow> bindings,
                       List<PublicationRow> publications) {
    public SipState {
        subscriptions = List.copyOf(subscriptions);
        bindings = List.copyOf(bindings);
        publications = List.copyOf(publications);
    }

    public static final SipState EMPTY = new SipState(List.of(), List.of(), List.of());
}
