package org.presencegw.gateway.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store copies its write-ahead log back on the checkpoint thread, not inside the writer's commits. */
class WalCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void theLogIsCopiedBackWhileTheWriterOnlyCommits_andTheThreadEndsWithTheEngine() throws Exception {
        SqliteEngine engine = SqliteEngine.open(dir);
        try (Connection writer = engine.connect(true)) {
            try (Statement s = writer.createStatement();
                 ResultSet r = s.executeQuery("PRAGMA wal_autocheckpoint")) {
                assertTrue(r.next());
                assertEquals(SqliteEngine.BACKSTOP_PAGES, r.getInt(1), "the writer's own checkpoint is a backstop");
            }
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
            }
            writer.commit();
            // well past SQLite's default 1000-page checkpoint threshold, in many small commits
            try (PreparedStatement p = writer.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                for (int i = 0; i < 3000; i++) {
                    p.setString(1, "x".repeat(2000));
                    p.executeUpdate();
                    writer.commit();
                }
            }
            long before = engine.checkpointer().checkpoints();
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.checkpointer().checkpoints() > before + 1);
            // the rows reached the database file itself (without a checkpoint they would all still be in the log:
            // SQLite's default one is disabled below 16,384 pages, and 3,000 rows of 2 KB are far fewer)
            Path db = dir.toRealPath().resolve(SqliteEngine.FILE_NAME);
            Path wal = dir.toRealPath().resolve(SqliteEngine.FILE_NAME + "-wal");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(db) > 3000L * 2000);
            assertTrue(Files.size(wal) <= SqliteEngine.BACKSTOP_PAGES * 4096L + 65536, "the log stays bounded");
        } finally {
            engine.close();
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("store-checkpoint-") && t.isAlive()), "thread ended");
    }
}
