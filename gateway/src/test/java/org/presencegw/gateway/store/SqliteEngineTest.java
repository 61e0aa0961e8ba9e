package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session the embedded engine sets up (WAL, full sync, the writer's checkpoint backstop) and its writer's
 * transactions with the background checkpoint.
 */
class SqliteEngineTest {
    @TempDir
    Path dir;

    @Test
    void writerCheckpointBackstop_readersKeepTheDefault() throws Exception {
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

    /**
     * The point of beginning the writer's transactions ourselves: once the background checkpoint has copied the
     * whole log, the next transaction restarts it, so under a steady trickle of commits the log stays short instead
     * of growing until the writer's own backstop checkpoint.
     */
    @Test
    void writerTransactions_logRestartsAfterTheBackgroundCheckpoint() throws Exception {
        SqliteEngine engine = SqliteEngine.open(dir);
        try (Connection writer = engine.connect(true); Connection probe = engine.connect(false)) {
            probe.setAutoCommit(true);
            WriterTransactions tx = engine.writerTransactions(writer);
            try (Statement s = writer.createStatement()) {
                tx.begin();
                s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
                tx.commit();
            }
            int frames = 0;
            try (PreparedStatement insert = writer.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                for (int round = 0; round < 40; round++) {
                    for (int i = 0; i < 20; i++) { // 20 commits of about 4 pages each, then a pause for a pass
                        tx.begin();
                        insert.setBytes(1, new byte[12_000]);
                        insert.executeUpdate();
                        tx.commit();
                    }
                    long passes = engine.checkpointer().passes();
                    for (int wait = 0; wait < 200 && engine.checkpointer().passes() == passes; wait++) {
                        Thread.sleep(10);
                    }
                    frames = Math.max(frames, walFrames(probe));
                }
            }
            // 800 commits wrote some 3,200 frames; with restarts the log never held more than a few rounds' worth
            assertTrue(frames < 400, "the log grew to " + frames + " frames: it did not restart");
            assertTrue(engine.checkpointer().passes() >= 40, "passes: " + engine.checkpointer().passes());
        } finally {
            engine.close();
        }
    }

    @Test
    void writerTransactions_rollbackUndoes_andCloseStopsTheCheckpointer() throws Exception {
        SqliteEngine engine = SqliteEngine.open(dir);
        try (Connection writer = engine.connect(true)) {
            WriterTransactions tx = engine.writerTransactions(writer);
            try (Statement s = writer.createStatement()) {
                tx.begin();
                s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)");
                tx.commit();
                tx.begin();
                s.execute("INSERT INTO t VALUES (1)");
                tx.rollback();
                tx.rollback(); // nothing open: quiet
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM t")) {
                    r.next();
                    assertEquals(0, r.getInt(1));
                }
            }
        } finally {
            engine.close();
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("store-checkpoint")
                && t.isAlive()), "checkpoint thread still running after close");
    }

    /** Frames in the log now (a PASSIVE checkpoint's second column). */
    private static int walFrames(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            r.next();
            return r.getInt(2);
        }
    }

    private static String pragma(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getString(1);
        }
    }
}
