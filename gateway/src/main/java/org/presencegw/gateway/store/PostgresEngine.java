package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The PostgreSQL store (pgjdbc). Durability is the server's: a transaction is durable when COMMIT returns with
 * {@code synchronous_commit} on (the default; a session where it is {@code off} is switched to {@code on}, stronger
 * settings such as {@code remote_apply} are kept). Connections time out (connect 5 s, login 10 s, socket 30 s, all
 * overridable in the URL), so a database that hangs makes commits fail instead of stalling the writer for ever.
 * Migrations of several gateway nodes are serialised by a transaction-level advisory lock.
 *
 * <p>Thread-safe.
 */
final class PostgresEngine implements Engine {
    /** Advisory lock key for schema migrations ("pgw" + 1). */
    static final long MIGRATION_LOCK = 0x70677701L;
    private final String url;
    private final Properties properties;

    PostgresEngine(String url, Optional<String> user, Optional<String> password) {
        this.url = Objects.requireNonNull(url, "url");
        Properties p = new Properties();
        user.ifPresent(u -> p.setProperty("user", u));
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "10");
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "presencegw");
        this.properties = p;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    /** The URL without its query (which may hold a password) and without any user information. */
    @Override
    public String describe() {
        String shown = url.replaceFirst("\\?.*$", "").replaceFirst("//[^/@]*@", "//");
        return "postgresql " + shown;
    }

    @Override
    public Connection connect(boolean writer) throws SQLException {
        Connection c = new org.postgresql.Driver().connect(url, properties);
        if (c == null) {
            throw new SQLNonTransientConnectionException("not a PostgreSQL JDBC URL", "08001");
        }
        try {
            c.setAutoCommit(false);
            if (!writer) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW synchronous_commit")) {
                if (r.next() && r.getString(1).equals("off")) {
                    s.execute("SET synchronous_commit TO on");
                }
            }
            c.commit();
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public String bytesType() {
        return "BYTEA";
    }

    @Override
    public void lockSchema(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
        }
    }

    /** By SQLSTATE (PostgreSQL appendix A, error codes). */
    @Override
    public FailureKind classify(SQLException e) {
        SQLException specific = Messages.specific(e);
        String state = specific.getSQLState();
        if (state == null) {
            return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                    ? FailureKind.UNAVAILABLE : FailureKind.OTHER;
        }
        if (state.equals("53100")) {
            return FailureKind.DISK_FULL;
        }
        if (state.equals("25006")) {
            return FailureKind.READ_ONLY;
        }
        if (state.equals("58030")) {
            return FailureKind.IO_ERROR;
        }
        if (state.startsWith("XX00")) {
            return FailureKind.CORRUPT;
        }
        return switch (state.substring(0, 2)) {
            // connection exception, operator intervention (shutdown), insufficient resources, auth, no database
            case "08", "57", "53", "28", "3D" -> FailureKind.UNAVAILABLE;
            // data exception (e.g. a NUL in text), integrity violation, program limit exceeded (e.g. row too big)
            case "22", "23", "54" -> FailureKind.REJECTED;
            default -> FailureKind.OTHER;
        };
    }

    @Override
    public void close() {
        // connections are closed by their owners; nothing else is held
    }
}
