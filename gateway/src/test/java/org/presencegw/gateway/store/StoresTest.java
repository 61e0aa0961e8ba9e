package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.store.Rows.await;
import static org.presencegw.gateway.store.Rows.subscription;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.StoreException;

/** Opening stores: directories, the lock, refusals with one line. */
class StoresTest {
    @TempDir
    Path dir;

    private static void assertOneLine(StoreException e, String fragment) {
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void open_embeddedMissingNestedDirectory_createdRelativeToTheWorkingDirectory() throws Exception {
        try (GatewayStore store = Stores.open(new StoreSettings.Embedded(Path.of("var/state")), dir)) {
            assertEquals("embedded " + dir.toRealPath().resolve("var/state"), store.describe());
            assertTrue(Files.isRegularFile(dir.resolve("var/state/presencegw.db")));
            assertTrue(Files.isRegularFile(dir.resolve("var/state/gateway.lock")));
        }
    }

    /** {@code sync:} reaches SQLite: FULL (2) by default, NORMAL (1) when asked, and the store says which. */
    @Test
    void open_embeddedSync_setOnEveryConnection() throws Exception {
        for (StoreSettings.Sync sync : StoreSettings.Sync.values()) {
            Path data = dir.resolve(sync.key());
            SqliteEngine engine = SqliteEngine.open(data, sync);
            try {
                for (boolean writer : new boolean[] {true, false}) {
                    try (Connection c = engine.connect(writer); Statement s = c.createStatement();
                         var r = s.executeQuery("PRAGMA synchronous")) {
                        r.next();
                        assertEquals(sync == StoreSettings.Sync.FULL ? 2 : 1, r.getInt(1), sync + " writer=" + writer);
                    }
                }
                assertEquals("embedded " + data.toRealPath()
                        + (sync == StoreSettings.Sync.FULL ? "" : " (sync: normal)"), engine.describe());
            } finally {
                engine.close();
            }
        }
    }

    @Test
    void open_embeddedDirectoryAlreadyOpen_refusedWithOneLine_untilClosed() throws Exception {
        StoreSettings settings = new StoreSettings.Embedded(Path.of("data"));
        GatewayStore first = Stores.open(settings, dir);
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(settings, dir));
        assertOneLine(e, "data directory " + dir.toRealPath().resolve("data") + " is already in use");
        await(first.commit(List.of(new SipChange.PutSubscription(subscription("still-works")))));
        first.close();
        try (GatewayStore second = Stores.open(settings, dir)) {
            assertEquals(1, second.load().subscriptions().size());
        }
    }

    @Test
    void open_embeddedPathIsAFile_refusedWithOneLine() throws Exception {
        Files.writeString(dir.resolve("data"), "not a directory");
        StoreException e = assertThrows(StoreException.class,
                () -> Stores.open(new StoreSettings.Embedded(Path.of("data")), dir));
        assertOneLine(e, "cannot create data directory " + dir.resolve("data"));
    }

    @Test
    void open_embeddedDamagedFile_refusedWithOneLine_andLockReleased() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve("data/presencegw.db"), new byte[8192]);
        Files.writeString(dir.resolve("data/presencegw.db"), "this is not an SQLite file at all, just text.......");
        StoreSettings settings = new StoreSettings.Embedded(Path.of("data"));
        assertOneLine(assertThrows(StoreException.class, () -> Stores.open(settings, dir)), "cannot open store");
        Files.delete(dir.resolve("data/presencegw.db"));
        Stores.open(settings, dir).close(); // the failed open released the lock
    }

    @Test
    void open_schemaNewerThanThisCode_refused_notTouched() throws Exception {
        StoreSettings settings = new StoreSettings.Embedded(Path.of("data"));
        Stores.open(settings, dir).close();
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("data/presencegw.db"),
                new java.util.Properties()); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)");
        }
        assertOneLine(assertThrows(StoreException.class, () -> Stores.open(settings, dir)),
                "has schema version 99, newer than this gateway knows (2)");
    }

    @Test
    void open_twice_migratesOnce() throws Exception {
        StoreSettings settings = new StoreSettings.Embedded(Path.of("data"));
        Stores.open(settings, dir).close();
        Stores.open(settings, dir).close();
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("data/presencegw.db"),
                new java.util.Properties()); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT COUNT(*), MAX(version) FROM schema_version")) {
            r.next();
            assertEquals(2, r.getInt(1));
            assertEquals(2, r.getInt(2));
        }
    }

    @Test
    void open_postgresqlNobodyListening_refusedWithOneLine() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = probe.getLocalPort();
        }
        StoreSettings pg = new StoreSettings.Postgresql("jdbc:postgresql://127.0.0.1:" + port + "/gw?password=hunter2",
                Optional.of("gw"), Optional.of("secret"));
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(pg, dir));
        assertOneLine(e, "cannot open store postgresql jdbc:postgresql://127.0.0.1:" + port + "/gw: ");
        assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void open_memory_keepsNothing_alwaysHealthy() throws Exception {
        try (GatewayStore store = Stores.open(new StoreSettings.Memory(), dir)) {
            await(store.commit(List.of(new SipChange.PutSubscription(subscription("x")))));
            await(store.commitXmpp(List.of()));
            assertTrue(store.healthy());
            assertEquals(SipState.EMPTY, store.load());
            assertEquals(List.of(), store.loadXmppMemory());
        }
        assertFalse(Files.exists(dir.resolve("data")));
    }
}
