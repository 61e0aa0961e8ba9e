package org.presencegw.gateway.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code store:} section (optional; without it: {@link StoreSettings#DEFAULT}, the embedded store in
 * {@code ./data}).
 * <ul>
 *   <li>{@code type} (default {@code embedded}): {@code embedded}, {@code postgresql} or {@code memory}.</li>
 *   <li>{@code path} (embedded only, default {@code ./data}): the data directory, relative to the working
 *       directory.</li>
 *   <li>{@code sync} (embedded only, default {@code full}): {@code full} or {@code normal}, see
 *       {@link StoreSettings.Sync}.</li>
 *   <li>{@code url} (postgresql only, required there): {@code jdbc:postgresql://HOST[:PORT]/DATABASE}.</li>
 *   <li>{@code user} (postgresql only, optional): the database user.</li>
 *   <li>{@code password}, {@code password_env} or {@code password_file} (postgresql only, optional, at most one):
 *       as for accounts, see {@link SecretReader}.</li>
 * </ul>
 * A key that belongs to another type is an error, so a typo in {@code type} cannot silently drop a setting.
 */
final class StoreSectionParser {
    private static final Map<String, Set<String>> KEYS_BY_TYPE = Map.of(
            "embedded", Set.of("type", "path", "sync"),
            "postgresql", Set.of("type", "url", "user", "password", "password_env", "password_file"),
            "memory", Set.of("type"));
    private static final List<String> TYPES = List.of("embedded", "postgresql", "memory");

    private StoreSectionParser() {
    }

    static StoreSettings parse(Optional<YamlSection> section, SecretReader secrets) throws ConfigException {
        if (section.isEmpty()) {
            return StoreSettings.DEFAULT;
        }
        YamlSection store = section.get();
        Set<String> all = new HashSet<>();
        KEYS_BY_TYPE.values().forEach(all::addAll);
        store.allowOnly(all);
        String type = store.string("type").orElse("embedded");
        Set<String> allowed = KEYS_BY_TYPE.get(type);
        if (allowed == null) {
            throw store.error("type", "unknown store type '" + type + "' (expected embedded, postgresql or memory)");
        }
        for (String key : store.keys()) {
            if (!allowed.contains(key)) {
                throw store.error(key, "not a setting of the " + type + " store (only for " + owner(key) + ")");
            }
        }
        return switch (type) {
            case "postgresql" -> postgresql(store, secrets);
            case "memory" -> new StoreSettings.Memory();
            default -> embedded(store);
        };
    }

    private static StoreSettings embedded(YamlSection store) throws ConfigException {
        StoreSettings.Sync sync = sync(store);
        Optional<String> path = store.string("path");
        if (path.isEmpty()) {
            return new StoreSettings.Embedded(StoreSettings.Embedded.DEFAULT_PATH, sync);
        }
        try {
            return new StoreSettings.Embedded(Path.of(path.get()), sync);
        } catch (InvalidPathException e) {
            throw store.error("path", "'" + path.get() + "' is not a valid path");
        }
    }

    private static StoreSettings.Sync sync(YamlSection store) throws ConfigException {
        Optional<String> value = store.string("sync");
        if (value.isEmpty()) {
            return StoreSettings.Sync.FULL;
        }
        for (StoreSettings.Sync sync : StoreSettings.Sync.values()) {
            if (sync.key().equals(value.get())) {
                return sync;
            }
        }
        throw store.error("sync", "unknown value '" + value.get() + "' (expected full or normal)");
    }

    private static StoreSettings postgresql(YamlSection store, SecretReader secrets) throws ConfigException {
        if (!store.has("url")) {
            throw store.error("missing key 'url' (the postgresql store needs jdbc:postgresql://HOST[:PORT]/DATABASE)");
        }
        String url = store.requiredString("url");
        // The value is not echoed: a URL may carry a password.
        if (!url.startsWith("jdbc:postgresql:")) {
            throw store.error("url", "expected a URL that starts with jdbc:postgresql: "
                    + "(jdbc:postgresql://HOST[:PORT]/DATABASE)");
        }
        if (org.postgresql.Driver.parseURL(url, null) == null) {
            throw store.error("url", "not a valid PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DATABASE)");
        }
        return new StoreSettings.Postgresql(url, store.string("user"), secrets.optionalPassword(store));
    }

    private static String owner(String key) {
        List<String> owners = TYPES.stream().filter(t -> KEYS_BY_TYPE.get(t).contains(key)).toList();
        return "type " + String.join(" or ", owners);
    }
}
