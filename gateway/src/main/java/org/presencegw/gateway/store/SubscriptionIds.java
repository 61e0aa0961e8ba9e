package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.presencegw.sip.store.SubscriptionKey;

/**
 * The row id of every stored subscription, (Call-ID, local tag) to {@code id}. Since schema V2 subscription rows
 * are keyed by a number the writer hands out in order, so that new rows append to the table's last pages instead
 * of landing in random pages of an index on the dialog's random text (docs/decisions/store-engine.md, "Row keys").
 * The database no longer knows the dialog key is unique; this map keeps it so: a dialog has at most one id.
 *
 * <p>What the open transaction changes is kept apart until it commits and dropped when it rolls back, so the map
 * always matches what is committed. Loaded from the writer's connection at its first use.
 *
 * <p>Not thread-safe: confined to the store's writer thread, like its connection.
 */
final class SubscriptionIds {
    private final IdTable committed;
    /** This transaction's changes; a null value: removed in this transaction. */
    private final Map<SubscriptionKey, Long> pending = new HashMap<>();
    private boolean clearedInTransaction;
    private long next;

    private SubscriptionIds(IdTable committed, long next) {
        this.committed = committed;
        this.next = next;
    }

    /** Reads the ids of the stored rows, in the connection's current transaction. */
    static SubscriptionIds load(Connection c) throws SQLException {
        IdTable ids = new IdTable();
        long max = 0;
        try (PreparedStatement s = c.prepareStatement(SqlText.SELECT_SUBSCRIPTION_IDS);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                long id = r.getLong(1);
                ids.put(new SubscriptionKey(r.getString(2), r.getString(3)), id);
                max = Math.max(max, id);
            }
        }
        return new SubscriptionIds(ids, max + 1);
    }

    /** The id to write {@code key}'s row under: the one it has, or the next free one. */
    long forPut(SubscriptionKey key) {
        Long id = current(key);
        if (id == null) {
            id = next++;
            pending.put(key, id);
        }
        return id;
    }

    /** The id of {@code key}'s row, now deleted in this transaction; -1 when no row has that key. */
    long forRemove(SubscriptionKey key) {
        Long id = current(key);
        if (id == null) {
            return -1;
        }
        pending.put(key, null);
        return id;
    }

    /** Every row is deleted in this transaction. */
    void cleared() {
        pending.clear();
        clearedInTransaction = true;
    }

    /** The transaction committed: its changes become the map. */
    void committed() {
        if (clearedInTransaction) {
            committed.clear();
        }
        pending.forEach((key, id) -> {
            if (id == null) {
                committed.remove(key);
            } else {
                committed.put(key, id);
            }
        });
        pending.clear();
        clearedInTransaction = false;
    }

    /** The transaction rolled back: its changes are forgotten (ids handed out are not reused). */
    void rolledBack() {
        pending.clear();
        clearedInTransaction = false;
    }

    private Long current(SubscriptionKey key) {
        if (pending.containsKey(key)) {
            return pending.get(key);
        }
        if (clearedInTransaction) {
            return null;
        }
        long id = committed.get(key);
        return id == IdTable.ABSENT ? null : id;
    }
}
