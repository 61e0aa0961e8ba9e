package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the database engines behind {@link JdbcStore}: how to connect and set up a session, the one
 * column type whose name differs, how to serialise migrations, and how to read an engine's errors. Everything else
 * (schema, statements) is the same SQL for all engines.
 *
 * <p>Implementations are thread-safe: the writer thread and {@code load} callers connect independently.
 */
interface Engine extends AutoCloseable {

    /** Short name for log lines and thread names: {@code embedded} or {@code postgresql}. */
    String name();

    /** Where the data lives, without secrets, e.g. {@code embedded /srv/gw/data}. */
    String describe();

    /**
     * A new connection with auto-commit off and the session set up for durability.
     *
     * @param writer true for the writer's connection (takes the write lock at the start of each transaction),
     *               false for a reader that sees one consistent snapshot per transaction
     */
    Connection connect(boolean writer) throws SQLException;

    /** Called by the writer thread after each commit of its connection. */
    default void committed() {
    }

    /**
     * Called by the writer thread when a write failed for store trouble, before it closes its connection: the engine
     * lets go of what else it holds open on the database until the next commit.
     */
    default void troubled() {
    }

    /** SQL type of a byte string column ({@code ${bytes}} in the migration scripts). */
    String bytesType();

    /**
     * SQL type of a 64-bit row key declared {@code PRIMARY KEY} ({@code ${id}} in the migration scripts): in SQLite
     * exactly {@code INTEGER}, which makes the column the table's rowid (no separate index).
     */
    default String idType() {
        return "BIGINT";
    }

    /**
     * Rows one JDBC batch of the writer holds at most, the statement's buffers sized for them when it is prepared
     * ({@link ChangeWriter}); 0: no limit, each run of same-statement changes is one batch.
     */
    default int batchRows() {
        return 0;
    }

    /** Called first in the migration transaction: makes concurrent migrations (several nodes) wait for each other. */
    void lockSchema(Connection connection) throws SQLException;

    /** What a failure of this engine means. */
    FailureKind classify(SQLException e);

    /** Releases what the engine holds besides connections (the data directory lock). Idempotent. */
    @Override
    void close();
}
