package org.presencegw.gateway.store;

import java.nio.file.Path;
import java.util.Objects;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.sip.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store the configuration names. The store returned is connected, its schema migrated, its writer thread
 * running; the caller owns it and must {@link GatewayStore#close() close} it.
 *
 * <pre>{@code
 * GatewayStore store = Stores.open(config.store(), Path.of(""));   // ./data by default
 * store.onRecovered(() -> store.replaceSipState(currentStateInMemory()));
 * SipState state = store.load();                                  // before the first commit
 * }</pre>
 */
public final class Stores {
    private static final Logger LOG = LoggerFactory.getLogger(Stores.class);

    private Stores() {
    }

    /**
     * Opens the store with the default writer settings ({@link WriterSettings#DEFAULTS}).
     *
     * @param workingDirectory what a relative {@code store.path} resolves against (the process's working directory)
     * @throws StoreException with one line when it cannot be opened: directory not creatable or locked by another
     *                        gateway process, database unreachable, login refused, schema newer than this code ...
     */
    public static GatewayStore open(StoreSettings settings, Path workingDirectory) throws StoreException {
        return open(settings, workingDirectory, WriterSettings.DEFAULTS);
    }

    /** Like {@link #open(StoreSettings, Path)} with explicit writer settings (tests, benchmarks). */
    public static GatewayStore open(StoreSettings settings, Path workingDirectory, WriterSettings writer)
            throws StoreException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(writer, "writer");
        long start = System.nanoTime();
        GatewayStore store;
        if (settings instanceof StoreSettings.Memory) {
            store = new VolatileGatewayStore();
        } else if (settings instanceof StoreSettings.Embedded embedded) {
            Path directory = workingDirectory.toAbsolutePath().resolve(embedded.path()).normalize();
            store = JdbcStore.open(SqliteEngine.open(directory, embedded.sync()), writer);
        } else if (settings instanceof StoreSettings.Postgresql pg) {
            store = JdbcStore.open(new PostgresEngine(pg.url(), pg.user(), pg.password()), writer);
        } else {
            throw new IllegalArgumentException("unknown store settings " + settings);
        }
        LOG.info("store {} open ({} ms)", store.describe(), (System.nanoTime() - start) / 1_000_000);
        return store;
    }
}
