package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.store.Rows.await;
import static org.presencegw.gateway.store.Rows.failure;
import static org.presencegw.gateway.store.Rows.subscription;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.gateway.store.testing.PostgresServer;
import org.presencegw.sip.store.SipChange.PutSubscription;
import org.presencegw.sip.store.StoreException;
import org.presencegw.sip.store.SubscriptionRow;

/** What only the PostgreSQL engine does: its own refusals, migrations of nodes starting together. */
class StorePostgresIT {
    private static PostgresServer pg;

    @BeforeAll
    static void startServer() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Test
    void commit_textWithNulCharacter_refusedAlone_storeStaysHealthy() throws Exception {
        try (GatewayStore store = Stores.open(pg.settings(pg.createDatabase("nul")), Path.of(""))) {
            SubscriptionRow r = subscription("nul");
            SubscriptionRow withNul = new SubscriptionRow(r.callId(), r.localTag(), r.remoteTag(), r.localUri(),
                    r.remoteUri(), r.localCseq(), r.remoteCseq(), r.routeSet(), r.remoteTarget(), r.flowTransport(),
                    r.flowAddress(), r.flowPort(), r.eventId(), r.eventPackage(), r.mediaType(), "a\u0000b",
                    r.watcher(), r.presentity(), r.state(), r.expiresAt(), r.version());
            StoreFailure f = failure(store.commit(List.of(new PutSubscription(withNul))));
            assertEquals(FailureKind.REJECTED, f.kind());
            assertTrue(store.healthy());
            await(store.commit(List.of(new PutSubscription(subscription("ok")))));
            assertEquals(List.of(subscription("ok")), store.load().subscriptions());
        }
    }

    @Test
    void open_v1Database_migratedToV2_rowsKept_updatedInPlace() throws Exception {
        String database = pg.createDatabase("upgrade");
        try (Connection c = pg.connect(database)) {
            StoreUpgradeTest.writeV1(c, "BYTEA", List.of(subscription("b"), subscription("a")));
        }
        try (GatewayStore store = Stores.open(pg.settings(database), Path.of(""))) {
            assertEquals(List.of(subscription("a"), subscription("b")), store.load().subscriptions());
            await(store.commit(List.of(new PutSubscription(subscription("a", 30)),
                    new PutSubscription(subscription("c")))));
            assertEquals(List.of(subscription("a", 30), subscription("b"), subscription("c")),
                    store.load().subscriptions());
        }
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT string_agg(id || '=' || call_id, ' ' ORDER BY id) "
                     + "FROM sip_subscription")) {
            assertTrue(r.next());
            assertEquals("1=call-a 2=call-b 3=call-c", r.getString(1));
        }
    }

    @Test
    void open_missingDatabase_refusedWithOneLine() {
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(pg.settings("nosuchdb"), Path.of("")));
        assertTrue(e.getMessage().contains("database \"nosuchdb\" does not exist"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void open_unknownUser_refusedWithOneLine() {
        StoreSettings nobody = new StoreSettings.Postgresql(pg.url("postgres"), Optional.of("nobody"),
                Optional.of("pw"));
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(nobody, Path.of("")));
        assertTrue(e.getMessage().contains("role \"nobody\" does not exist"), e.getMessage());
        assertFalse(e.getMessage().contains("pw\""), e.getMessage());
    }

    @Test
    void open_severalNodesAtOnce_migrateOnce_allOpen() throws Exception {
        String database = pg.createDatabase("nodes");
        List<CompletableFuture<GatewayStore>> nodes = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return Stores.open(pg.settings(database), Path.of(""));
                    } catch (StoreException e) {
                        throw new IllegalStateException(e.getMessage());
                    }
                })).toList();
        for (CompletableFuture<GatewayStore> node : nodes) {
            node.get(60, TimeUnit.SECONDS).close();
        }
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            assertTrue(r.next());
            assertEquals(Migrator.scripts("BYTEA", "BIGINT").size(), r.getInt(1));
        }
    }
}
