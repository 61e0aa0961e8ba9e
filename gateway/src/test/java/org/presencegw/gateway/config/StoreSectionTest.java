package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;
import static org.presencegw.gateway.config.ConfigFixtures.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code store:} section; BASE has 13 lines, so the section starts at line 14. */
class StoreSectionTest {
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/presencegw";

    @TempDir
    Path dir;

    private static String with(String storeLines) {
        return BASE + "store:\n" + storeLines;
    }

    private ConfigException bad(String storeLines) {
        return failure(dir, with(storeLines));
    }

    @Test
    void parse_noStoreSection_embeddedInDotData() throws Exception {
        assertEquals(new StoreSettings.Embedded(Path.of("./data")), load(dir, BASE).store());
        assertEquals(StoreSettings.DEFAULT, load(dir, BASE).store());
    }

    @Test
    void parse_embeddedWithPath_keepsPathAsWritten() throws Exception {
        assertEquals(new StoreSettings.Embedded(Path.of("state/gw")),
                load(dir, with("  type: embedded\n  path: state/gw\n")).store());
        assertEquals(new StoreSettings.Embedded(Path.of("/var/lib/presencegw")),
                load(dir, with("  path: /var/lib/presencegw\n")).store());
        assertEquals(StoreSettings.DEFAULT, load(dir, with("  type: embedded\n")).store());
    }

    @Test
    void parse_embeddedSync_fullByDefault_normalWhenAsked() throws Exception {
        assertEquals(StoreSettings.Sync.FULL, ((StoreSettings.Embedded) load(dir, BASE).store()).sync());
        assertEquals(new StoreSettings.Embedded(Path.of("./data"), StoreSettings.Sync.FULL),
                load(dir, with("  sync: full\n")).store());
        assertEquals(new StoreSettings.Embedded(Path.of("./data"), StoreSettings.Sync.NORMAL),
                load(dir, with("  sync: normal\n")).store());
        assertEquals(new StoreSettings.Embedded(Path.of("state/gw"), StoreSettings.Sync.NORMAL),
                load(dir, with("  type: embedded\n  path: state/gw\n  sync: normal\n")).store());
    }

    @Test
    void parse_embeddedSyncUnknown_listsTheValues() {
        assertProblem(bad("  sync: off\n"), 15, "store.sync: unknown value 'off' (expected full or normal)");
        assertProblem(bad("  sync: FULL\n"), 15, "store.sync: unknown value 'FULL' (expected full or normal)");
    }

    @Test
    void parse_syncInOtherStores_rejected() {
        assertProblem(bad("  type: postgresql\n  url: " + PG_URL + "\n  sync: normal\n"), 17,
                "store.sync: not a setting of the postgresql store (only for type embedded)");
        assertProblem(bad("  type: memory\n  sync: normal\n"), 16,
                "store.sync: not a setting of the memory store (only for type embedded)");
    }

    @Test
    void parse_memory_keepsNothing() throws Exception {
        assertEquals(new StoreSettings.Memory(), load(dir, with("  type: memory\n")).store());
    }

    @Test
    void parse_postgresqlWithPasswordEnv_readsTheEnvironment() throws Exception {
        GatewayConfig config = load(dir, with("  type: postgresql\n  url: " + PG_URL + "\n  user: presencegw\n"
                + "  password_env: PRESENCEGW_DB_PASSWORD\n"), Map.of("PRESENCEGW_DB_PASSWORD", "s3cret")).config();
        assertEquals(new StoreSettings.Postgresql(PG_URL, Optional.of("presencegw"), Optional.of("s3cret")),
                config.store());
        assertFalse(config.store().toString().contains("s3cret"), config.store().toString());
    }

    @Test
    void parse_postgresqlPasswordFile_relativeToConfigDirectory() throws Exception {
        Files.writeString(dir.resolve("db.password"), "from-file\n");
        StoreSettings store = load(dir, with("  type: postgresql\n  url: " + PG_URL + "\n"
                + "  password_file: db.password\n")).store();
        assertEquals(new StoreSettings.Postgresql(PG_URL, Optional.empty(), Optional.of("from-file")), store);
    }

    @Test
    void parse_postgresqlWithoutPassword_allowed() throws Exception {
        assertEquals(new StoreSettings.Postgresql(PG_URL, Optional.of("gw"), Optional.empty()),
                load(dir, with("  type: postgresql\n  url: " + PG_URL + "\n  user: gw\n")).store());
    }

    @Test
    void parse_unknownType_listsTheTypes() {
        assertProblem(bad("  type: mysql\n"), 15,
                "store.type: unknown store type 'mysql' (expected embedded, postgresql or memory)");
    }

    @Test
    void parse_postgresqlWithoutUrl_namesTheSection() {
        assertProblem(bad("  type: postgresql\n  user: gw\n"), 14,
                "store: missing key 'url' (the postgresql store needs jdbc:postgresql://HOST[:PORT]/DATABASE)");
    }

    @Test
    void parse_urlOfAnotherDatabase_rejectedWithoutEchoingIt() {
        ConfigException e = bad("  type: postgresql\n  url: jdbc:mysql://db/gw?password=hunter2\n");
        assertProblem(e, 16, "store.url: expected a URL that starts with jdbc:postgresql:");
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void parse_malformedPostgresqlUrl_rejected() {
        assertProblem(bad("  type: postgresql\n  url: jdbc:postgresql://127.0.0.1:notaport/gw\n"), 16,
                "store.url: not a valid PostgreSQL JDBC URL");
    }

    @Test
    void parse_postgresqlKeyInEmbeddedStore_rejectedAtItsLine() {
        assertProblem(bad("  type: embedded\n  path: ./data\n  url: " + PG_URL + "\n"), 17,
                "store.url: not a setting of the embedded store (only for type postgresql)");
    }

    @Test
    void parse_embeddedKeyWithoutType_meansEmbedded_soPostgresqlKeysAreRejected() {
        assertProblem(bad("  user: gw\n"), 15, "store.user: not a setting of the embedded store");
    }

    @Test
    void parse_pathInPostgresqlStore_rejected() {
        assertProblem(bad("  type: postgresql\n  url: " + PG_URL + "\n  path: ./data\n"), 17,
                "store.path: not a setting of the postgresql store (only for type embedded)");
    }

    @Test
    void parse_anyKeyInMemoryStore_rejected() {
        assertProblem(bad("  type: memory\n  password: x\n"), 16,
                "store.password: not a setting of the memory store (only for type postgresql)");
    }

    @Test
    void parse_unknownKey_suggestsTheClosest() {
        assertProblem(bad("  pth: ./data\n"), 15, "unknown key 'pth' in store (did you mean 'path'?)");
    }

    @Test
    void parse_twoPasswordKeys_rejected() {
        assertProblem(bad("  type: postgresql\n  url: " + PG_URL + "\n  password: a\n  password_env: B\n"), 18,
                "store.password_env: give only one of password, password_env, password_file (also password at line 17)");
    }

    @Test
    void parse_passwordEnvUnset_rejected() {
        assertProblem(bad("  type: postgresql\n  url: " + PG_URL + "\n  password_env: NOT_SET_ANYWHERE\n"), 17,
                "store.password_env: environment variable NOT_SET_ANYWHERE is not set or empty");
    }

    @Test
    void parse_passwordFileMissing_rejected() {
        assertProblem(bad("  type: postgresql\n  url: " + PG_URL + "\n  password_file: nope.txt\n"), 17,
                "store.password_file: cannot read password file " + dir.resolve("nope.txt") + " (no such file)");
    }

    @Test
    void parse_passwordFileIsADirectory_rejected() throws Exception {
        Files.createDirectory(dir.resolve("secrets"));
        assertProblem(bad("  type: postgresql\n  url: " + PG_URL + "\n  password_file: secrets\n"), 17,
                "(not a regular file)");
    }

    @Test
    void parse_storeNotAMapping_rejected() {
        assertProblem(failure(dir, BASE + "store: embedded\n"), 14, "store: expected a mapping, found a string");
    }

    @Test
    void parse_emptyPath_rejected() {
        assertProblem(bad("  path: ''\n"), 15, "store.path: empty value");
    }

    @Test
    void parse_pathWithNulCharacter_rejected() {
        assertProblem(bad("  path: \"a\\0b\"\n"), 15, "is not a valid path");
    }
}
