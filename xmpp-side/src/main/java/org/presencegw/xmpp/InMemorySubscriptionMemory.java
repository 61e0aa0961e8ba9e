package org.presencegw.xmpp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * The {@link SubscriptionMemory} of one gateway process, bounded in three ways: an entry older than the quiet period
 * is forgotten, an account keeps at most {@link #DEFAULT_PER_ACCOUNT} entries and the whole memory at most
 * {@link #DEFAULT_TOTAL} (each about 200 bytes: at most about 13 MiB); beyond a bound the oldest entry goes. Every
 * change, eviction included, is reported to the {@link Journal} (for a durable store) in the order it happened;
 * {@link #restore} loads what a store kept. Thread-safe; nothing blocks but the short monitor.
 */
public final class InMemorySubscriptionMemory implements SubscriptionMemory {
    public static final int DEFAULT_PER_ACCOUNT = 256;
    public static final int DEFAULT_TOTAL = 65_536;

    /**
     * Where each change goes, e.g. a durable store (the lead maps it to {@code XmppChange.PutMemory} /
     * {@code RemoveMemory}). Called under this memory's monitor, in order; must not block.
     */
    public interface Journal {
        Journal NONE = new Journal() {
            @Override
            public void remembered(Entry entry) {
            }

            @Override
            public void forgotten(EntityBareJid account, BareJid contact) {
            }
        };

        void remembered(Entry entry);

        void forgotten(EntityBareJid account, BareJid contact);
    }

    private record Key(EntityBareJid account, BareJid contact) {
    }

    private final Duration quietPeriod;
    private final int perAccount;
    private final int total;
    private final Journal journal;
    private final LinkedHashMap<Key, Entry> byAge = new LinkedHashMap<>();
    private final Map<EntityBareJid, LinkedHashMap<BareJid, Entry>> byAccount = new HashMap<>();

    /** Default bounds, no journal. */
    public InMemorySubscriptionMemory(Duration quietPeriod) {
        this(quietPeriod, DEFAULT_PER_ACCOUNT, DEFAULT_TOTAL, Journal.NONE);
    }

    public InMemorySubscriptionMemory(Duration quietPeriod, int perAccount, int total, Journal journal) {
        this.quietPeriod = Objects.requireNonNull(quietPeriod, "quietPeriod");
        if (perAccount < 1 || total < 1) {
            throw new IllegalArgumentException("bounds must be positive: " + perAccount + ", " + total);
        }
        this.perAccount = perAccount;
        this.total = total;
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * Loads entries a store kept (at start-up, before any account opens), oldest first, without journaling them.
     * Entries already past the quiet period at {@code now} and those beyond the bounds are dropped and journaled as
     * forgotten, so the store shrinks to what is kept here.
     */
    public synchronized void restore(Collection<Entry> entries, Instant now) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::at));
        for (Entry e : sorted) {
            if (expired(e, now)) {
                journal.forgotten(e.account(), e.contact());
            } else {
                put(e);
            }
        }
    }

    @Override
    public synchronized Optional<Entry> recall(EntityBareJid account, BareJid contact, Instant now) {
        Entry e = byAge.get(new Key(account, contact));
        if (e == null) {
            return Optional.empty();
        }
        if (expired(e, now)) {
            remove(account, contact);
            return Optional.empty();
        }
        return Optional.of(e);
    }

    @Override
    public synchronized void remember(Entry entry) {
        if (quietPeriod.isZero()) {
            return;
        }
        dropExpired(entry.at());
        put(entry);
        journal.remembered(entry);
    }

    @Override
    public synchronized void forget(EntityBareJid account, BareJid contact) {
        if (byAge.containsKey(new Key(account, contact))) {
            remove(account, contact);
        }
    }

    /** Entries held now (monitoring, tests). */
    public synchronized int size() {
        return byAge.size();
    }

    private void put(Entry e) {
        Key key = new Key(e.account(), e.contact());
        byAge.remove(key);
        byAge.put(key, e);
        LinkedHashMap<BareJid, Entry> mine = byAccount.computeIfAbsent(e.account(), a -> new LinkedHashMap<>());
        mine.remove(e.contact());
        mine.put(e.contact(), e);
        if (mine.size() > perAccount) {
            BareJid oldest = mine.keySet().iterator().next();
            remove(e.account(), oldest);
        }
        if (byAge.size() > total) {
            Key oldest = byAge.keySet().iterator().next();
            remove(oldest.account(), oldest.contact());
        }
    }

    private void remove(EntityBareJid account, BareJid contact) {
        byAge.remove(new Key(account, contact));
        LinkedHashMap<BareJid, Entry> mine = byAccount.get(account);
        if (mine != null) {
            mine.remove(contact);
            if (mine.isEmpty()) {
                byAccount.remove(account);
            }
        }
        journal.forgotten(account, contact);
    }

    private void dropExpired(Instant now) {
        while (!byAge.isEmpty()) {
            Entry oldest = byAge.values().iterator().next();
            if (!expired(oldest, now)) {
                return; // insertion order is age order: the rest is younger
            }
            remove(oldest.account(), oldest.contact());
        }
    }

    private boolean expired(Entry e, Instant now) {
        return !e.at().plus(quietPeriod).isAfter(now);
    }
}
