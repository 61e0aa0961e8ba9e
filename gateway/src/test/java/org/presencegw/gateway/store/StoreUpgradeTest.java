package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.presencegw.gateway.store.Rows.await;
import static org.presencegw.gateway.store.Rows.subscription;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.sip.store.SipChange.PutSubscription;
import org.presencegw.sip.store.SipChange.RemoveSubscription;
import org.presencegw.sip.store.SubscriptionRow;

/** A data directory written by a gateway with schema V1 opens in this one: rows kept, then written by row id. */
class StoreUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void v1Database_migratedToV2_subscriptionsKept_updatedInPlace_newRowsAppended() throws Exception {
        Path file = dir.resolve("data").resolve(SqliteEngine.FILE_NAME);
        Files.createDirectories(file.getParent());
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new Properties())) {
            writeV1(c, "BLOB", List.of(subscription("b"), subscription("a"), subscription("c")));
        }

        StoreSettings settings = new StoreSettings.Embedded(Path.of("data"));
        try (GatewayStore store = Stores.open(settings, dir)) {
            assertEquals(List.of(subscription("a"), subscription("b"), subscription("c")),
                    store.load().subscriptions());
            await(store.commit(List.of(new PutSubscription(subscription("b", 40)),
                    new RemoveSubscription(subscription("c").key()), new PutSubscription(subscription("d")))));
            assertEquals(List.of(subscription("a"), subscription("b", 40), subscription("d")),
                    store.load().subscriptions());
        }
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new Properties());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, call_id FROM sip_subscription ORDER BY id")) {
            StringBuilder rows = new StringBuilder();
            while (r.next()) {
                rows.append(r.getLong(1)).append('=').append(r.getString(2)).append(' ');
            }
            // V2 numbered the V1 rows in key order; b kept its id, the new row got the next one
            assertEquals("1=call-a 2=call-b 4=call-d ", rows.toString());
        }
    }

    /** Makes {@code c}'s database what a V1 gateway left: the V1 schema, recorded, holding {@code rows}. */
    static void writeV1(Connection c, String bytesType, List<SubscriptionRow> rows) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            for (String statement : Migrator.scripts(bytesType, "unused").get(0).statements()) {
                s.execute(statement);
            }
            s.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (1, 'v1', 0)");
        }
        for (SubscriptionRow row : rows) {
            insertV1(c, row);
        }
    }

    private static void insertV1(Connection c, SubscriptionRow r) throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sip_subscription (" + SqlText.SUBSCRIPTION_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] values = {r.callId(), r.localTag(), r.remoteTag(), r.localUri(), r.remoteUri(), r.localCseq(),
                r.remoteCseq(), ListCodec.encode(r.routeSet()), r.remoteTarget(), r.flowTransport(), r.flowAddress(),
                r.flowPort(), r.eventId().orElse(null), r.eventPackage(), r.mediaType(), r.packageData(), r.watcher(),
                r.presentity(), r.state(), r.expiresAt(), r.version()};
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }
}
