package org.presencegw.gateway.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code store:} section: where acknowledged state is kept (see {@link StoreSectionParser}). Immutable.
 * Opened by {@code org.presencegw.gateway.store.Stores#open}.
 */
public sealed interface StoreSettings {

    /** What a config file without a {@code store:} section means: the embedded store in {@code ./data}. */
    StoreSettings DEFAULT = new Embedded(Embedded.DEFAULT_PATH);

    /** The {@code type:} value. */
    String type();

    /**
     * {@code sync:} of the embedded store: when a commit counts as done, so when its 2xx may go out.
     */
    enum Sync {
        /** Synced to the disk at every commit (group commit: one sync per batch): survives a power cut. */
        FULL,
        /**
         * Written to the operating system at every commit, synced to the disk at checkpoints: survives the gateway's
         * crash or {@code kill -9}, not the machine's crash or a power cut, which may lose the last commits.
         */
        NORMAL;

        /** The value as written in the config file. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code type: embedded}: one data directory, no server.
     *
     * @param path the data directory as written; relative paths resolve against the working directory
     * @param sync when a commit is done ({@code sync:}, default {@link Sync#FULL})
     */
    record Embedded(Path path, Sync sync) implements StoreSettings {
        /** The data directory when the config names none. */
        public static final Path DEFAULT_PATH = Path.of("./data");

        public Embedded {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sync, "sync");
        }

        /** The data directory with the default {@code sync: full}. */
        public Embedded(Path path) {
            this(path, Sync.FULL);
        }

        @Override
        public String type() {
            return "embedded";
        }
    }

    /**
     * {@code type: postgresql}.
     *
     * @param url      a {@code jdbc:postgresql:} URL
     * @param user     the database user, if given (else the driver's default)
     * @param password the password, if given (inline, from the environment or from a file); never printed
     */
    record Postgresql(String url, Optional<String> user, Optional<String> password) implements StoreSettings {
        public Postgresql {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String type() {
            return "postgresql";
        }

        @Override
        public String toString() {
            return "Postgresql[url=" + url.replaceFirst("\\?.*$", "?...") + ", user=" + user.orElse("(default)")
                    + ", password=" + (password.isPresent() ? "(set)" : "(none)") + "]";
        }
    }

    /** {@code type: memory}: nothing is kept (benchmarks, tests); a restart forgets everything. */
    record Memory() implements StoreSettings {
        @Override
        public String type() {
            return "memory";
        }
    }
}
