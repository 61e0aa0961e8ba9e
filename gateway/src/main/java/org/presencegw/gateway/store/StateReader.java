package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.SubscriptionRow;

/** Reads the stored rows back, in key order, within the caller's transaction. Stateless. */
final class StateReader {
    private static final int FETCH_SIZE = 1000;

    private StateReader() {
    }

    static SipState readSip(Connection c) throws SQLException {
        List<SubscriptionRow> subscriptions = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SqlText.SELECT_SUBSCRIPTIONS)) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    subscriptions.add(new SubscriptionRow(r.getString(1), r.getString(2), r.getString(3),
                            r.getString(4), r.getString(5), r.getLong(6), r.getLong(7), list(r, 8), r.getString(9),
                            r.getString(10), r.getString(11), r.getInt(12), Optional.ofNullable(r.getString(13)),
                            r.getString(14), r.getString(15), r.getString(16), r.getString(17), r.getString(18),
                            r.getString(19), r.getLong(20), r.getLong(21)));
                }
            }
        }
        List<BindingRow> bindings = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SqlText.SELECT_BINDINGS)) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    bindings.add(new BindingRow(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                            r.getLong(5), Optional.ofNullable(r.getString(6)), r.getString(7), list(r, 8)));
                }
            }
        }
        List<PublicationRow> publications = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SqlText.SELECT_PUBLICATIONS)) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byte[] body = r.getBytes(4);
                    publications.add(new PublicationRow(r.getString(2), r.getString(1), r.getString(3),
                            body == null ? new byte[0] : body, r.getLong(5), r.getLong(6)));
                }
            }
        }
        return new SipState(subscriptions, bindings, publications);
    }

    static List<XmppMemoryRow> readXmpp(Connection c) throws SQLException {
        List<XmppMemoryRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SqlText.SELECT_MEMORY)) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new XmppMemoryRow(r.getString(1), r.getString(2), r.getString(3), r.getLong(4)));
                }
            }
        }
        return List.copyOf(rows);
    }

    private static List<String> list(ResultSet r, int column) throws SQLException {
        try {
            return ListCodec.decode(r.getString(column));
        } catch (IllegalArgumentException e) {
            throw new SQLException("stored list in column " + r.getMetaData().getColumnName(column)
                    + " is damaged: " + e.getMessage(), "XX001", e);
        }
    }
}
