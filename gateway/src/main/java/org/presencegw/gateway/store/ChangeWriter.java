package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SubscriptionRow;

/**
 * Applies changes to one connection's current transaction, in order. Consecutive changes that use the same statement
 * go into one JDBC batch (one round trip to PostgreSQL); a change that needs another statement first flushes the
 * batch, so the effect is exactly that of running the changes one by one. Prepared statements are kept for the life
 * of the connection. With a row limit ({@link Engine#batchRows}) a batch that reaches it is run and the next change
 * starts another, and every statement is prepared with that many empty rows added and cleared, so that the driver
 * sizes its batch buffer once, before any load, and never grows it later.
 *
 * <p>Not thread-safe: owned by the writer thread, like its connection.
 */
final class ChangeWriter implements AutoCloseable {
    /** Internal changes that empty the SIP tables or the XMPP memory ({@link GatewayStore#replaceSipState}). */
    enum Clear { SIP, XMPP }

    private final Connection connection;
    private final int batchRows;
    /** {@link #batchRows}, or no limit at all as {@link Integer#MAX_VALUE}. */
    private final int rowLimit;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private PreparedStatement batched;
    /** Rows of {@link #batched}'s batch, the one being filled included. */
    private int rows;
    private SubscriptionIds ids;

    /**
     * @param batchRows rows of one batch at most ({@link Engine#batchRows}); 0 for no limit
     */
    ChangeWriter(Connection connection, int batchRows) {
        if (batchRows < 0) {
            throw new IllegalArgumentException("negative batchRows " + batchRows);
        }
        this.connection = connection;
        this.batchRows = batchRows;
        this.rowLimit = batchRows == 0 ? Integer.MAX_VALUE : batchRows;
    }

    /** Adds {@code changes} ({@link SipChange}, {@link XmppChange}, {@link Clear}) to the transaction. */
    void apply(List<?> changes) throws SQLException {
        for (Object change : changes) {
            if (change instanceof SipChange sip) {
                applySip(sip);
            } else if (change instanceof XmppChange xmpp) {
                applyXmpp(xmpp);
            } else if (change == Clear.SIP) {
                ids().cleared();
                add(SqlText.CLEAR_SUBSCRIPTIONS);
                add(SqlText.CLEAR_BINDINGS);
                add(SqlText.CLEAR_PUBLICATIONS);
            } else if (change == Clear.XMPP) {
                add(SqlText.CLEAR_MEMORY);
            } else {
                throw new IllegalArgumentException("not a change: " + change);
            }
        }
    }

    private void applySip(SipChange change) throws SQLException {
        if (change instanceof SipChange.PutSubscription put) {
            long id = ids().forPut(put.key());
            PreparedStatement s = add(SqlText.PUT_SUBSCRIPTION);
            s.setLong(1, id);
            bindSubscription(s, put.row());
        } else if (change instanceof SipChange.RemoveSubscription remove) {
            long id = ids().forRemove(remove.key());
            if (id >= 0) {
                add(SqlText.REMOVE_SUBSCRIPTION).setLong(1, id);
            }
        } else if (change instanceof SipChange.ReplaceBindings replace) {
            add(SqlText.REMOVE_BINDINGS).setString(1, replace.aor());
            for (BindingRow row : replace.bindings()) {
                bindBinding(add(SqlText.PUT_BINDING), row);
            }
        } else if (change instanceof SipChange.PutPublication put) {
            bindPublication(add(SqlText.PUT_PUBLICATION), put.row());
        } else if (change instanceof SipChange.RemovePublication remove) {
            add(SqlText.REMOVE_PUBLICATION).setString(1, remove.etag());
        }
    }

    private void applyXmpp(XmppChange change) throws SQLException {
        if (change instanceof XmppChange.PutMemory put) {
            PreparedStatement s = add(SqlText.PUT_MEMORY);
            s.setString(1, put.row().account());
            s.setString(2, put.row().contact());
            s.setString(3, put.row().kind());
            s.setLong(4, put.row().at());
        } else if (change instanceof XmppChange.RemoveMemory remove) {
            PreparedStatement s = add(SqlText.REMOVE_MEMORY);
            s.setString(1, remove.account());
            s.setString(2, remove.contact());
            s.setString(3, remove.kind());
        }
    }

    /** Runs what is batched; call before commit. */
    void flush() throws SQLException {
        if (batched != null) {
            PreparedStatement s = batched;
            batched = null;
            s.addBatch();
            s.executeBatch();
        }
    }

    /** The transaction this writer filled has committed. */
    void committed() {
        if (ids != null) {
            ids.committed();
        }
    }

    /** Writes the probe row in its own transaction and commits: proves the store can write again. */
    void probe(long now) throws SQLException {
        flush();
        PreparedStatement s = statement(SqlText.PROBE);
        s.setLong(1, now);
        s.executeUpdate();
        connection.commit();
    }

    /** Forgets a half-built batch and the transaction's subscription ids after a failure (the caller rolls back). */
    void discard() {
        if (ids != null) {
            ids.rolledBack();
        }
        if (batched != null) {
            try {
                batched.clearBatch();
            } catch (SQLException e) {
                // the connection is being given up or rolled back; nothing is left to clear
            }
            batched = null;
        }
    }

    /**
     * The statement for the next entry of {@code sql}, whose parameters the caller then sets. The previous entry, if
     * of the same statement, joins the batch; if of another statement, or if the batch has its limit of rows, its
     * batch is run first (order is kept).
     *
     * <p>A full batch and a change of statement take the same branch: another statement counts as a batch whose
     * room is 0. A branch of its own for a full batch was one that only a load step ever took (the warm-up's batches
     * never fill 64 rows), so C2 left it out, and the first full batch of a step threw away the writer's compiled
     * code and had it compiled again while the step ran (bench/FINDINGS.md, session 37).
     */
    private PreparedStatement add(String sql) throws SQLException {
        PreparedStatement s = statement(sql);
        int room = batched == s ? rowLimit : 0;
        if (rows < room) {
            s.addBatch();
            rows++;
        } else {
            flush();
            rows = 1;
        }
        batched = s;
        return s;
    }

    /** The subscription row ids, read from the database at first use. */
    private SubscriptionIds ids() throws SQLException {
        if (ids == null) {
            ids = SubscriptionIds.load(connection);
        }
        return ids;
    }

    /** The prepared statement of {@code sql}, or null before its first use (for tests). */
    PreparedStatement prepared(String sql) {
        return statements.get(sql);
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement s = statements.get(sql);
        if (s == null) {
            s = connection.prepareStatement(sql);
            if (batchRows > 0) {
                for (int i = 0; i < batchRows; i++) {
                    s.addBatch();
                }
                s.clearBatch();
            }
            statements.put(sql, s);
        }
        return s;
    }

    /** Parameters 2..22 of {@link SqlText#PUT_SUBSCRIPTION} (1 is the id). */
    private static void bindSubscription(PreparedStatement s, SubscriptionRow r) throws SQLException {
        s.setString(2, r.callId());
        s.setString(3, r.localTag());
        s.setString(4, r.remoteTag());
        s.setString(5, r.localUri());
        s.setString(6, r.remoteUri());
        s.setLong(7, r.localCseq());
        s.setLong(8, r.remoteCseq());
        s.setString(9, ListCodec.encode(r.routeSet()));
        s.setString(10, r.remoteTarget());
        s.setString(11, r.flowTransport());
        s.setString(12, r.flowAddress());
        s.setInt(13, r.flowPort());
        setOptional(s, 14, r.eventId());
        s.setString(15, r.eventPackage());
        s.setString(16, r.mediaType());
        s.setString(17, r.packageData());
        s.setString(18, r.watcher());
        s.setString(19, r.presentity());
        s.setString(20, r.state());
        s.setLong(21, r.expiresAt());
        s.setLong(22, r.version());
    }

    private static void bindBinding(PreparedStatement s, BindingRow r) throws SQLException {
        s.setString(1, r.aor());
        s.setString(2, r.contact());
        s.setString(3, r.callId());
        s.setLong(4, r.cseq());
        s.setLong(5, r.expiresAt());
        setOptional(s, 6, r.q());
        s.setString(7, r.flow());
        s.setString(8, ListCodec.encode(r.path()));
    }

    private static void bindPublication(PreparedStatement s, PublicationRow r) throws SQLException {
        s.setString(1, r.etag());
        s.setString(2, r.resource());
        s.setString(3, r.contentType());
        s.setBytes(4, r.body());
        s.setLong(5, r.expiresAt());
        s.setLong(6, r.revision());
    }

    private static void setOptional(PreparedStatement s, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            s.setString(index, value.get());
        } else {
            s.setNull(index, Types.VARCHAR);
        }
    }

    @Override
    public void close() {
        for (PreparedStatement s : statements.values()) {
            try {
                s.close();
            } catch (SQLException e) {
                // closing the connection next releases it anyway
            }
        }
        statements.clear();
        batched = null;
    }
}
