package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session the embedded engine sets up: WAL, full sync, and the writer's smaller checkpoint threshold. */
class SqliteEngineTest {
    @TempDir
    Path dir;

    @Test
    void writerCheckpointsEvery256Pages_readersKeepTheDefault() throws Exception {
        SqliteEngine engine = SqliteEngine.open(dir);
        try (Connection writer = engine.connect(true); Connection reader = engine.connect(false)) {
            assertEquals(String.valueOf(SqliteEngine.CHECKPOINT_PAGES), pragma(writer, "wal_autocheckpoint"));
            assertEquals("1000", pragma(reader, "wal_autocheckpoint"));
            assertEquals("wal", pragma(writer, "journal_mode"));
            assertEquals("2", pragma(writer, "synchronous"), "FULL");
        } finally {
            engine.close();
        }
    }

    private static String pragma(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getString(1);
        }
    }
}
