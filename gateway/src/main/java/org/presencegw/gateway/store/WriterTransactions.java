package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How the store's writer brackets a transaction on its connection ({@link Engine#writerTransactions}). JDBC's own
 * way, a connection with auto-commit off, is the default; the embedded engine begins and ends its transactions
 * itself (SQLite's driver would begin the next one at once, docs/decisions/store-engine.md).
 *
 * <p>Confined to the writer thread, like the connection.
 */
interface WriterTransactions {

    /** Starts a transaction (nothing to do where one is always open). */
    void begin() throws SQLException;

    /** Makes the transaction durable. */
    void commit() throws SQLException;

    /** Undoes the transaction after a failure; never throws (the first failure is the one reported). */
    void rollback();

    /** JDBC's: auto-commit off, so a transaction is always open; commit and roll back through the connection. */
    static WriterTransactions jdbc(Connection c) {
        return new WriterTransactions() {
            @Override
            public void begin() {
                // a transaction is always open
            }

            @Override
            public void commit() throws SQLException {
                c.commit();
            }

            @Override
            public void rollback() {
                try {
                    c.rollback();
                } catch (SQLException e) {
                    // the write already failed; the connection is dropped if the store is in trouble
                }
            }
        };
    }
}
