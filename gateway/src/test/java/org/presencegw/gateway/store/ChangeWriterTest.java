package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.presencegw.gateway.store.Rows.subscription;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SipChange.PutSubscription;

/**
 * The writer's row limit against the embedded engine's driver: batches of at most {@link SqliteEngine#BATCH_ROWS}
 * rows, and a driver batch buffer sized when the statement is prepared and never grown by a larger transaction.
 */
class ChangeWriterTest {
    @TempDir
    Path dir;

    private SqliteEngine engine;
    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        engine = SqliteEngine.open(dir);
        connection = engine.connect(true);
        Migrator.migrate(connection, engine);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        engine.close();
    }

    @Test
    void withTheEnginesLimit_aTransactionOfManyRows_neverGrowsTheDriversBuffer() throws Exception {
        ChangeWriter writer = new ChangeWriter(connection, engine.batchRows());
        commit(writer, puts("first", 1));
        Object[] buffer = driverBuffer(writer.prepared(SqlText.PUT_SUBSCRIPTION));

        commit(writer, puts("many", 1000));

        assertSame(buffer, driverBuffer(writer.prepared(SqlText.PUT_SUBSCRIPTION)),
                "the buffer of the statement's first use holds every batch");
        assertEquals(1001, count());
    }

    @Test
    void withoutALimit_aLargerTransaction_growsTheDriversBuffer() throws Exception {
        // the control: what the limit and the prepared rows prevent (the driver grows its buffer by doubling it)
        ChangeWriter writer = new ChangeWriter(connection, 0);
        commit(writer, puts("first", 1));
        Object[] buffer = driverBuffer(writer.prepared(SqlText.PUT_SUBSCRIPTION));

        commit(writer, puts("many", 1000));

        assertNotSame(buffer, driverBuffer(writer.prepared(SqlText.PUT_SUBSCRIPTION)));
        assertEquals(1001, count());
    }

    @Test
    void batchesOfExactlyTheLimit_andOneMore_areAllWritten() throws Exception {
        int limit = engine.batchRows();
        ChangeWriter writer = new ChangeWriter(connection, limit);
        commit(writer, puts("x", limit));
        commit(writer, puts("y", limit + 1));
        commit(writer, puts("z", 2 * limit));
        assertEquals(4L * limit + 1, count());
    }

    @Test
    void negativeLimit_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ChangeWriter(connection, -1));
    }

    private static List<SipChange> puts(String prefix, int n) {
        List<SipChange> changes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            changes.add(new PutSubscription(subscription(prefix + i)));
        }
        return changes;
    }

    private void commit(ChangeWriter writer, List<SipChange> changes) throws Exception {
        writer.apply(changes);
        writer.flush();
        connection.commit();
        writer.committed();
    }

    private long count() throws Exception {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                "SELECT count(*) FROM sip_subscription")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The sqlite-jdbc statement's batch buffer (its field {@code batch}): what the limit keeps at one size. */
    private static Object[] driverBuffer(PreparedStatement statement) throws Exception {
        for (Class<?> c = statement.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("batch");
                f.setAccessible(true);
                return (Object[]) f.get(statement);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new AssertionError("the SQLite driver's statement has no field 'batch': the limit's premise is gone");
    }
}
