package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded writer's transactions, begun and ended by statements on a connection in auto-commit mode
 * ({@link SqliteEngine#writerTransactions}): between two of them the writer holds no snapshot, so a complete
 * background checkpoint lets the next one restart the log. Each commit wakes the {@link WalCheckpointer}.
 */
final class SqliteTransactions implements WriterTransactions {
    private final Connection connection;
    private final WalCheckpointer checkpointer;

    SqliteTransactions(Connection connection, WalCheckpointer checkpointer) {
        this.connection = connection;
        this.checkpointer = checkpointer;
    }

    @Override
    public void begin() throws SQLException {
        exec("BEGIN IMMEDIATE");
    }

    @Override
    public void commit() throws SQLException {
        exec("COMMIT");
        checkpointer.committed();
    }

    @Override
    public void rollback() {
        try {
            exec("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may have rolled back already (a full disk, an I/O error); the first failure is the one reported
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
