package org.presencegw.xmpp;

import java.util.List;
import java.util.Objects;
import org.jxmpp.jid.BareJid;

/**
 * Full state of one contact as one account sees it: its roster relation and every available resource.
 * An empty resource list means offline (or, when {@code subscription} does not see the contact, not known).
 *
 * @param contact          the contact's bare JID
 * @param subscription     roster subscription state
 * @param subscriptionPending true when the account has asked the contact for a subscription and no answer came
 * @param resources        available resources, in no particular order
 */
public record ContactPresence(BareJid contact, RosterSubscription subscription, boolean subscriptionPending,
                              List<ResourcePresence> resources) {
    public ContactPresence {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(subscription, "subscription");
        resources = List.copyOf(resources);
    }
}
