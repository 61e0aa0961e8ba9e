package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.config.StoreSettings;

/**
 * The session the embedded engine sets up (WAL, full sync, the writer's checkpoint threshold) and its checkpoint
 * thread: the log copied back into the database file after commits, without the writer, and restarted from its
 * beginning once copied.
 */
class SqliteEngineTest {
    private static final int ROW_BYTES = 2000;
    @TempDir
    Path dir;

    @Test
    void besideTheCheckpointThread_theWriterKeepsABackstopAndDefersItsTransactions() throws Exception {
        SqliteEngine engine = SqliteEngine.open(dir, StoreSettings.Sync.FULL, true);
        try (Connection writer = engine.connect(true); Connection reader = engine.connect(false)) {
            assertNotNull(engine.checkpointer());
            assertEquals(String.valueOf(SqliteEngine.BACKSTOP_PAGES), pragma(writer, "wal_autocheckpoint"));
            assertEquals("1000", pragma(reader, "wal_autocheckpoint"));
            assertEquals("wal", pragma(writer, "journal_mode"));
            assertEquals("2", pragma(writer, "synchronous"), "FULL");
        } finally {
            engine.close();
        }
    }

    @Test
    void theThreadRunsWithSyncNormal_unlessThePropertySaysOtherwise() throws Exception {
        assertTrue(SqliteEngine.checkpointThread(StoreSettings.Sync.NORMAL, ""));
        assertFalse(SqliteEngine.checkpointThread(StoreSettings.Sync.FULL, ""));
        assertTrue(SqliteEngine.checkpointThread(StoreSettings.Sync.FULL, "true"));
        assertFalse(SqliteEngine.checkpointThread(StoreSettings.Sync.NORMAL, "false"));
        SqliteEngine normal = SqliteEngine.open(dir.resolve("normal"), StoreSettings.Sync.NORMAL);
        SqliteEngine full = SqliteEngine.open(dir.resolve("full"), StoreSettings.Sync.FULL);
        try {
            assertNotNull(normal.checkpointer());
            assertNull(full.checkpointer());
        } finally {
            normal.close();
            full.close();
        }
    }

    @Test
    void withoutTheThread_theWriterCheckpointsEvery256Pages() throws Exception {
        SqliteEngine engine = SqliteEngine.open(dir, StoreSettings.Sync.FULL, false);
        try (Connection writer = engine.connect(true)) {
            assertNull(engine.checkpointer());
            assertEquals(String.valueOf(SqliteEngine.CHECKPOINT_PAGES), pragma(writer, "wal_autocheckpoint"));
        } finally {
            engine.close();
        }
    }

    @Test
    void theThreadCopiesTheLogBackAfterACommit_theWriterAloneWouldNot() throws Exception {
        // 100 rows of 2000 bytes: ~60 pages, below the writer's own threshold either way
        assertEquals(0, copiedBack(false), "the writer alone leaves the rows in the log");
        assertTrue(copiedBack(true) > 100 * ROW_BYTES, "the thread copies them into the database file");
    }

    /** Bytes the database file grew by within 2 s of one commit of 100 rows. */
    private long copiedBack(boolean thread) throws Exception {
        Path sub = Files.createDirectories(dir.resolve(thread ? "thread" : "writer"));
        SqliteEngine engine = SqliteEngine.open(sub, StoreSettings.Sync.FULL, thread);
        try (Connection writer = engine.connect(true)) {
            createTable(writer, engine);
            long start = waitForCopy(engine, sub);
            insert(writer, 100);
            writer.commit();
            engine.committed();
            Path file = sub.resolve(SqliteEngine.FILE_NAME);
            waitUntil(() -> size(file) > start + 100 * ROW_BYTES, 2000);
            return size(file) - start;
        } finally {
            engine.close();
        }
    }

    @Test
    void theLogRestartsFromItsBeginningOnceCopied() throws Exception {
        SqliteEngine engine = SqliteEngine.open(dir, StoreSettings.Sync.FULL, true);
        Path wal = dir.resolve(SqliteEngine.FILE_NAME + "-wal");
        try (Connection writer = engine.connect(true)) {
            createTable(writer, engine);
            long commits = 1;
            waitForCopy(engine, dir);
            long oneRound = 0;
            for (int round = 0; round < 6; round++) {
                commits++;
                commitAndAwaitCopy(writer, engine, 50, commits);
                if (round == 0) {
                    oneRound = size(wal);
                }
            }
            // six rounds of ~100 KB each: a log that never restarted would hold all of them
            long after = size(wal);
            assertTrue(after < 2 * oneRound, "log " + after + " bytes after six rounds, " + oneRound + " after one");
        } finally {
            engine.close();
        }
    }

    /** After store trouble the writer's connection is the last one again: its close removes the log. */
    @Test
    void troubled_theThreadLetsGoOfItsConnection_untilTheNextCommit() throws Exception {
        SqliteEngine engine = SqliteEngine.open(dir, StoreSettings.Sync.FULL, true);
        Path wal = dir.resolve(SqliteEngine.FILE_NAME + "-wal");
        try {
            Connection writer = engine.connect(true);
            createTable(writer, engine);
            waitForCopy(engine, dir);
            writer.close();
            assertTrue(Files.exists(wal), "the thread's connection keeps the log");

            writer = engine.connect(true);
            commitAndAwaitCopy(writer, engine, 1, 2);
            engine.troubled();
            writer.close();
            assertFalse(Files.exists(wal), "the writer's close was the last and removed the log");

            writer = engine.connect(true);
            commitAndAwaitCopy(writer, engine, 1, 3); // the thread connects again
            writer.close();
            assertTrue(Files.exists(wal), "connected again");
        } finally {
            engine.close();
        }
    }

    @Test
    void closeStopsTheThreadAndReleasesTheDirectory() throws Exception {
        SqliteEngine engine = SqliteEngine.open(dir, StoreSettings.Sync.NORMAL, true);
        try (Connection writer = engine.connect(true)) {
            createTable(writer, engine);
            waitForCopy(engine, dir);
        }
        WalCheckpointer checkpointer = engine.checkpointer();
        assertTrue(checkpointer.alive());
        engine.close();
        engine.close();
        assertFalse(checkpointer.alive(), "store-checkpoint still running after close");
        SqliteEngine again = SqliteEngine.open(dir, StoreSettings.Sync.NORMAL, true);
        try (Connection c = again.connect(false);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
            assertTrue(r.next());
            assertEquals(0, r.getInt(1));
        } finally {
            again.close();
        }
    }

    private static void createTable(Connection writer, SqliteEngine engine) throws Exception {
        try (Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)");
        }
        writer.commit();
        engine.committed();
    }

    /** Commits {@code rows} rows and waits until a checkpoint copied the writer's {@code commit}th commit back. */
    private static void commitAndAwaitCopy(Connection writer, SqliteEngine engine, int rows, long commit)
            throws Exception {
        insert(writer, rows);
        writer.commit();
        engine.committed();
        assertTrue(waitUntil(() -> engine.checkpointer().copiedThrough() >= commit, 10_000),
                "a checkpoint copied commit " + commit);
    }

    /** Waits until the table's creation is in the database file; returns the file's size then. */
    private static long waitForCopy(SqliteEngine engine, Path sub) throws Exception {
        if (engine.checkpointer() != null) {
            assertTrue(waitUntil(() -> engine.checkpointer().copiedThrough() >= 1, 10_000), "first checkpoint");
        }
        return size(sub.resolve(SqliteEngine.FILE_NAME));
    }

    private static void insert(Connection writer, int rows) throws Exception {
        try (PreparedStatement p = writer.prepareStatement("INSERT INTO t (data) VALUES (?)")) {
            for (int i = 0; i < rows; i++) {
                p.setBytes(1, new byte[ROW_BYTES]);
                p.executeUpdate();
            }
        }
    }

    private static boolean waitUntil(BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String pragma(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getString(1);
        }
    }
}
