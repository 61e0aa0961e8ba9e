package org.presencegw.gateway.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.presencegw.gateway.store.testing.PostgresServer;
import org.presencegw.sip.store.StoreException;

/** {@link StoreContract} against a real PostgreSQL 15, a fresh database per test. */
class StorePostgresContractIT extends StoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer pg;
    private String database;

    @BeforeAll
    static void startServer() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @BeforeEach
    void createDatabase() {
        database = pg.createDatabase("contract" + DATABASES.incrementAndGet());
    }

    @Override
    protected GatewayStore openStore(WriterSettings settings) throws StoreException {
        return Stores.open(pg.settings(database), Path.of(""), settings);
    }
}
