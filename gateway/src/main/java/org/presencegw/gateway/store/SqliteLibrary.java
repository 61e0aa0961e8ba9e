package org.presencegw.gateway.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.presencegw.sip.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Where the SQLite driver unpacks its native library: {@value #DIR_NAME} in the data directory, emptied at every
 * start, instead of {@code java.io.tmpdir}.
 *
 * <p>The driver unpacks a fresh copy of its library (~540 KB, a {@code .so} with a {@code .lck} beside it) at every
 * start and deletes both only when the JVM exits normally. A gateway ended by {@code kill -9}, the kernel's OOM
 * killer or a crash leaves the pair behind, and the driver's own clean-up deletes only libraries without a
 * {@code .lck}: in {@code /tmp} the pairs gathered forever, one per such end (bench/FINDINGS.md, "Session 28"). In the
 * data directory, which the gateway holds locked ({@link DirectoryLock}), whatever is in {@value #DIR_NAME} when it
 * starts was left by an earlier gateway that is gone, so it is deleted. A {@code noexec} {@code /tmp} no longer
 * matters either.
 *
 * <p>An operator's own {@code -Dorg.sqlite.tmpdir} or {@code -Dorg.sqlite.lib.path} is left as it is. If the library
 * cannot be loaded from the data directory (a {@code noexec} mount), the driver's default, {@code java.io.tmpdir},
 * is tried next with one warning. The library is loaded once per JVM; later stores in the same process (tests) use it
 * where it is. Thread-safe.
 */
final class SqliteLibrary {
    static final String DIR_NAME = "native";
    static final String TMPDIR_PROPERTY = "org.sqlite.tmpdir";
    static final String LIB_PATH_PROPERTY = "org.sqlite.lib.path";
    /** The prefix of every file the driver unpacks ({@code sqlite-VERSION-UUID-libsqlitejdbc.so[.lck]}). */
    static final String FILE_PREFIX = "sqlite-";
    private static final String EXEC_HINT = " (set -Dorg.sqlite.tmpdir to a directory that allows exec)";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteLibrary.class);
    private static boolean loaded;

    private SqliteLibrary() {
    }

    /** Loads the driver's native library, unpacked into {@code dataDirectory}'s {@value #DIR_NAME} when it may be. */
    static synchronized void load(Path dataDirectory) throws StoreException {
        if (loaded) {
            return;
        }
        if (System.getProperty(TMPDIR_PROPERTY) != null || System.getProperty(LIB_PATH_PROPERTY) != null) {
            initialize(null);
            return;
        }
        Path dir = dataDirectory.resolve(DIR_NAME);
        try {
            Files.createDirectories(dir);
            int left = clear(dir);
            if (left > 0) {
                LOG.info("deleted {} file(s) an earlier gateway left in {}", left, dir);
            }
        } catch (IOException e) {
            LOG.warn("cannot prepare {} for SQLite's native library ({}); using {}", dir, Messages.of(e),
                    System.getProperty("java.io.tmpdir"));
            initialize(EXEC_HINT);
            return;
        }
        System.setProperty(TMPDIR_PROPERTY, dir.toString());
        String failure = tryInitialize();
        if (failure == null) {
            loaded = true;
            return;
        }
        System.clearProperty(TMPDIR_PROPERTY);
        try {
            clear(dir);
        } catch (IOException ignored) {
            // what is left is deleted at the next start
        }
        LOG.warn("cannot load SQLite's native library from {} (mounted noexec?); using {}", dir,
                System.getProperty("java.io.tmpdir"));
        LOG.debug("loading SQLite's native library from {} failed: {}", dir, failure);
        initialize(EXEC_HINT);
    }

    private static void initialize(String hint) throws StoreException {
        String failure = tryInitialize();
        if (failure != null) {
            throw new StoreException("cannot load SQLite's native library: " + failure + (hint == null ? "" : hint));
        }
        loaded = true;
    }

    /** Null when the library is loaded, else why not (one line). */
    private static String tryInitialize() {
        try {
            return SQLiteJDBCLoader.initialize() ? null : "the driver found no library for this platform";
        } catch (Exception | LinkageError e) {
            return Messages.of(e);
        }
    }

    /**
     * Deletes the driver's files ({@value #FILE_PREFIX}*, any version) in {@code dir}, which no live gateway uses;
     * returns how many. Anything else in it is left alone.
     */
    static int clear(Path dir) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, FILE_PREFIX + "*")) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(f)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }
}
