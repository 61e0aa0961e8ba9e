package org.presencegw.xmpp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jxmpp.jid.BareJid;

/**
 * Full state of one contact as one account sees it, pushed to {@link XmppAccountListener#contactChanged} and
 * returned by {@link XmppAccount#contact}: its roster relation, whether its presence is known, every available
 * resource, and whether a subscription to it was refused recently. An empty resource list means offline only when
 * {@code knowledge} is {@link PresenceKnowledge#KNOWN}.
 *
 * @param contact             the contact's bare JID
 * @param subscription        roster subscription state
 * @param subscriptionPending true when the account has asked the contact for a subscription and no answer came
 * @param knowledge           whether the resources are the contact's real presence
 * @param resources           available resources, in no particular order; empty unless known
 * @param refusal             the remembered denial, revocation or drop of the subscription while no new request may
 *                            go to the contact (see {@link SubscriptionMemory}); empty otherwise
 * @param groups              the roster item's groups (RFC 6121 2.1.2.2, Smack's {@code RosterEntry.getGroups()});
 *                            empty when the contact is in no group or not in the roster
 */
public record ContactPresence(BareJid contact, RosterSubscription subscription, boolean subscriptionPending,
                              PresenceKnowledge knowledge, List<ResourcePresence> resources,
                              Optional<Refusal> refusal, Set<String> groups) {
    public ContactPresence {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(knowledge, "knowledge");
        Objects.requireNonNull(refusal, "refusal");
        resources = knowledge == PresenceKnowledge.KNOWN ? List.copyOf(resources) : List.of();
        groups = Set.copyOf(groups);
    }

    /** A state in no roster group. */
    public ContactPresence(BareJid contact, RosterSubscription subscription, boolean subscriptionPending,
                           PresenceKnowledge knowledge, List<ResourcePresence> resources,
                           Optional<Refusal> refusal) {
        this(contact, subscription, subscriptionPending, knowledge, resources, refusal, Set.of());
    }

    /** A state without a remembered refusal. */
    public ContactPresence(BareJid contact, RosterSubscription subscription, boolean subscriptionPending,
                           PresenceKnowledge knowledge, List<ResourcePresence> resources) {
        this(contact, subscription, subscriptionPending, knowledge, resources, Optional.empty());
    }

    /** The same roster relation with other knowledge (and no resources unless known). */
    public ContactPresence withKnowledge(PresenceKnowledge next) {
        return next == knowledge ? this : new ContactPresence(contact, subscription, subscriptionPending, next,
                next == PresenceKnowledge.KNOWN ? resources : List.of(), refusal, groups);
    }
}
