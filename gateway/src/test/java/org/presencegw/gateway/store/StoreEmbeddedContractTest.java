package org.presencegw.gateway.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.sip.store.StoreException;

/** {@link StoreContract} against the embedded (SQLite) store in a temp directory. */
class StoreEmbeddedContractTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected GatewayStore openStore(WriterSettings settings) throws StoreException {
        return Stores.open(new StoreSettings.Embedded(Path.of("data")), dir, settings);
    }
}
