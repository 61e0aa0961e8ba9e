package org.presencegw.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.presencegw.sip.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date at start-up. Versions are the resources {@code /db/migration/V1.sql},
 * {@code V2.sql} ... (consecutive; the first line, a {@code --} comment, is the description), applied in order in
 * one transaction that also records each in {@code schema_version}; {@code ${bytes}} is replaced by the engine's
 * byte string type, {@code ${id}} by its 64-bit row key type. A crash during a migration rolls it back whole (both
 * engines have transactional DDL). A database newer than this code is refused, not touched. Statements end with
 * {@code ;} at the end of a line.
 *
 * <p>Stateless; {@link #migrate} runs on the caller's connection.
 */
final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final String PREFIX = "/db/migration/V";

    /** One version's script. */
    record Script(int version, String description, List<String> statements) {
    }

    private Migrator() {
    }

    /** Applies what is missing and commits; returns the schema version now in place. */
    static int migrate(Connection c, Engine engine) throws SQLException, StoreException {
        List<Script> scripts = scripts(engine.bytesType(), engine.idType());
        try (Statement s = c.createStatement()) {
            engine.lockSchema(c);
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            int current;
            try (ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                r.next();
                current = r.getInt(1);
            }
            if (current > scripts.size()) {
                c.rollback();
                throw new StoreException(engine.describe() + " has schema version " + current
                        + ", newer than this gateway knows (" + scripts.size() + "); run a newer gateway");
            }
            for (Script script : scripts.subList(current, scripts.size())) {
                for (String statement : script.statements()) {
                    s.execute(statement);
                }
                try (PreparedStatement record = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    record.setInt(1, script.version());
                    record.setString(2, script.description());
                    record.setLong(3, System.currentTimeMillis());
                    record.executeUpdate();
                }
            }
            c.commit();
            if (current < scripts.size()) {
                LOG.info("store {}: schema migrated from version {} to {}", engine.describe(), current,
                        scripts.size());
            }
            return scripts.size();
        } catch (SQLException | StoreException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the first failure is the one reported
            }
            throw e;
        }
    }

    /** The scripts on the class path, V1 upwards until the first missing number. */
    static List<Script> scripts(String bytesType, String idType) {
        List<Script> scripts = new ArrayList<>();
        for (int version = 1; ; version++) {
            try (InputStream in = Migrator.class.getResourceAsStream(PREFIX + version + ".sql")) {
                if (in == null) {
                    return List.copyOf(scripts);
                }
                scripts.add(parse(version, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("${bytes}", bytesType).replace("${id}", idType)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read migration V" + version, e);
            }
        }
    }

    static Script parse(int version, String text) {
        String[] lines = text.split("\n", -1);
        String description = lines[0].startsWith("--") ? lines[0].substring(2).strip() : "V" + version;
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("migration V" + version + " ends without ';'");
        }
        return new Script(version, description, List.copyOf(statements));
    }
}
