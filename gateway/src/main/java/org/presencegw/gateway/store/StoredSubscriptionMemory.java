package org.presencegw.gateway.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.sip.store.StoreException;
import org.presencegw.xmpp.InMemorySubscriptionMemory;
import org.presencegw.xmpp.SubscriptionMemory;
import org.presencegw.xmpp.XmppPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XMPP side's {@link SubscriptionMemory} (refusals and dropped subscriptions, issue 11) kept in the durable
 * store (issue 9): loaded at start-up, every change written behind as an {@link XmppChange}. One row per account and
 * contact: remembering one kind removes the other. A write that fails is logged and left: the store's recovery
 * rewrites only SIP state, and a lost refusal costs at worst one repeated subscription request after a restart.
 */
public final class StoredSubscriptionMemory implements InMemorySubscriptionMemory.Journal {

    private static final Logger LOG = LoggerFactory.getLogger(StoredSubscriptionMemory.class);

    private final XmppMemoryStore store;

    private StoredSubscriptionMemory(XmppMemoryStore store) {
        this.store = store;
    }

    /** The memory for the accounts, with what {@code store} kept (entries past the quiet period are dropped). */
    public static InMemorySubscriptionMemory open(XmppMemoryStore store, XmppPolicy policy, Clock clock)
            throws StoreException {
        InMemorySubscriptionMemory memory = new InMemorySubscriptionMemory(policy.resubscribeQuietPeriod(),
                InMemorySubscriptionMemory.DEFAULT_PER_ACCOUNT, InMemorySubscriptionMemory.DEFAULT_TOTAL,
                new StoredSubscriptionMemory(store));
        List<SubscriptionMemory.Entry> kept = new ArrayList<>();
        int unreadable = 0;
        for (XmppMemoryRow row : store.loadXmppMemory()) {
            Optional<SubscriptionMemory.Entry> entry = entry(row);
            if (entry.isPresent()) {
                kept.add(entry.get());
            } else {
                unreadable++;
            }
        }
        memory.restore(kept, clock.instant());
        if (!kept.isEmpty() || unreadable > 0) {
            LOG.info("XMPP subscription memory: {} entries from the store ({} unreadable ignored), {} still in their"
                    + " quiet period", kept.size(), unreadable, memory.size());
        }
        return memory;
    }

    static Optional<SubscriptionMemory.Entry> entry(XmppMemoryRow row) {
        try {
            EntityBareJid account = JidCreate.entityBareFrom(row.account());
            BareJid contact = JidCreate.bareFrom(row.contact());
            SubscriptionMemory.Kind kind = SubscriptionMemory.Kind.valueOf(row.kind());
            return Optional.of(new SubscriptionMemory.Entry(account, contact, kind, Instant.ofEpochMilli(row.at())));
        } catch (org.jxmpp.stringprep.XmppStringprepException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static XmppMemoryRow row(SubscriptionMemory.Entry entry) {
        return new XmppMemoryRow(entry.account().toString(), entry.contact().toString(), entry.kind().name(),
                entry.at().toEpochMilli());
    }

    @Override
    public void remembered(SubscriptionMemory.Entry entry) {
        List<XmppChange> changes = new ArrayList<>(removals(entry.account(), entry.contact()));
        changes.add(new XmppChange.PutMemory(row(entry)));
        write(changes);
    }

    @Override
    public void forgotten(EntityBareJid account, BareJid contact) {
        write(removals(account, contact));
    }

    private static List<XmppChange> removals(EntityBareJid account, BareJid contact) {
        List<XmppChange> changes = new ArrayList<>();
        for (SubscriptionMemory.Kind kind : SubscriptionMemory.Kind.values()) {
            changes.add(new XmppChange.RemoveMemory(account.toString(), contact.toString(), kind.name()));
        }
        return changes;
    }

    private void write(List<XmppChange> changes) {
        store.commitXmpp(changes).exceptionally(e -> {
            LOG.warn("XMPP subscription memory not written: {}", e.toString());
            return null;
        });
    }
}
