package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.gateway.store.testing.ChildStore;
import org.presencegw.gateway.store.testing.CommitBurst;
import org.presencegw.gateway.store.testing.PostgresServer;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.StoreException;
import org.presencegw.sip.store.SubscriptionRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "What was acknowledged survives" (DESIGN.md): a child JVM commits bursts from 16 threads and prints each durable
 * commit; it is killed with SIGKILL mid-burst, three times on the same store; every time the store opens, every
 * acknowledged change list is there whole, and no change list is there in part.
 */
class StoreCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCrashIT.class);
    private static final int ROUNDS = 3;
    private static final int ACKS_BEFORE_KILL = 1500;
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Test
    void killMidBurst_embedded_everyAcknowledgedCommitSurvives_andTheStoreOpens() throws Exception {
        killMidBurstEmbedded("embedded", new StoreSettings.Embedded(Path.of("data")));
    }

    /**
     * {@code sync: normal} syncs at checkpoints only, but a commit is in the operating system's cache when it is
     * acknowledged, so the gateway's own crash loses none of them either (a machine's crash may).
     */
    @Test
    void killMidBurst_embeddedSyncNormal_everyAcknowledgedCommitSurvives_andTheStoreOpens() throws Exception {
        killMidBurstEmbedded("embedded-normal", new StoreSettings.Embedded(Path.of("data"), StoreSettings.Sync.NORMAL));
    }

    private void killMidBurstEmbedded(String engine, StoreSettings settings) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            try (ChildStore child = ChildStore.start(dir, List.of(engine, "data", first(round), "16"))) {
                child.awaitAcks(ACKS_BEFORE_KILL, 60);
                if (round == 0) {
                    StoreException refused = assertThrows(StoreException.class, () -> Stores.open(settings, dir));
                    assertTrue(refused.getMessage().contains("is in use by another gateway process (pid "
                            + child.pid() + ")"), refused.getMessage());
                    assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
                }
                assertEquals(137, child.kill(), "killed by SIGKILL");
                verify(engine, round, Stores.open(settings, dir), child);
            }
        }
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("data/presencegw.db"),
                new java.util.Properties()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            assertTrue(r.next());
            assertEquals("ok", r.getString(1));
        }
    }

    @Test
    void killMidBurst_postgresql_everyAcknowledgedCommitSurvives() throws Exception {
        String database = pg.createDatabase("crash");
        for (int round = 0; round < ROUNDS; round++) {
            try (ChildStore child = ChildStore.start(dir, List.of("postgresql", pg.url(database),
                    PostgresServer.USER, first(round), "16"))) {
                child.awaitAcks(ACKS_BEFORE_KILL, 60);
                assertEquals(137, child.kill(), "killed by SIGKILL");
                verify("postgresql", round, Stores.open(pg.settings(database), dir), child);
            }
        }
    }

    private static String first(int round) {
        return String.valueOf(round * 1_000_000L);
    }

    private static void verify(String engine, int round, GatewayStore store, ChildStore child) throws Exception {
        try (store) {
            SipState state = store.load();
            Set<Long> subscriptions = state.subscriptions().stream().map(SubscriptionRow::localCseq)
                    .collect(Collectors.toSet());
            Set<String> aors = state.bindings().stream().map(BindingRow::aor).collect(Collectors.toSet());
            Set<Long> publications = state.publications().stream().map(PublicationRow::revision)
                    .collect(Collectors.toSet());
            Set<Long> memory = store.loadXmppMemory().stream().map(XmppMemoryRow::at).collect(Collectors.toSet());
            Set<Long> acked = child.acked();
            for (long id : acked) {
                assertTrue(subscriptions.contains(id) && aors.contains(CommitBurst.aor(id))
                        && publications.contains(id), engine + ": acknowledged commit " + id + " lost");
            }
            for (long id : subscriptions) {
                assertTrue(aors.contains(CommitBurst.aor(id)) && publications.contains(id),
                        engine + ": commit " + id + " is there in part only");
            }
            assertEquals(subscriptions.size(), aors.size(), engine + ": a change list is there in part only");
            assertEquals(subscriptions.size(), publications.size(), engine + ": a change list is there in part only");
            assertTrue(memory.containsAll(child.xacked()), engine + ": an acknowledged XMPP commit was lost");
            Set<Long> thisRound = new HashSet<>(subscriptions);
            thisRound.removeIf(id -> id / 1_000_000L != round);
            LOG.info("crash {} round {}: {} commits acknowledged before SIGKILL, {} of this round in the store "
                    + "({} more were durable but not yet acknowledged), {} rows in all; child output: {}", engine,
                    round + 1, acked.size(), thisRound.size(), thisRound.size() - acked.size(),
                    subscriptions.size(), child.otherOutput());
        }
    }
}
