package org.presencegw.gateway.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.sip.store.StoreException;

/**
 * The embedded store: one SQLite file, {@value #FILE_NAME}, in the data directory, in WAL mode with
 * {@code synchronous=FULL} (docs/decisions/store-engine.md) unless the config says {@code sync: normal}. In WAL mode
 * a transaction is durable when its commit record is in the {@code -wal} file; FULL syncs that file at every commit,
 * so a commit acknowledged by the writer survives {@code kill -9} of the process (which NORMAL also gives: the
 * record is in the operating system's cache when the commit returns) and a crash of the machine or a power cut
 * (which NORMAL does not: it syncs at checkpoints only). Group commit makes FULL one sync per batch. After a crash
 * SQLite rolls back whatever is in the WAL past the last commit record when it next opens the file, so a killed
 * writer never leaves a file that fails to open.
 *
 * <p>With {@code sync: normal} the log is copied back into the database file by {@link WalCheckpointer}'s thread,
 * not inside the writer's commits (the writer's own automatic checkpoint stays as a backstop, at
 * {@value #BACKSTOP_PAGES} pages); with {@code sync: full} inside the commit that takes the log past
 * {@value #CHECKPOINT_PAGES} pages.
 *
 * <p>The directory is created if missing and locked ({@link DirectoryLock}) for the life of the engine. The driver's
 * native library is unpacked into it ({@link SqliteLibrary}).
 * Thread-safe.
 */
final class SqliteEngine implements Engine {
    /** Rows of one JDBC batch at most ({@link #batchRows}). */
    static final int BATCH_ROWS = 64;
    static final String FILE_NAME = "presencegw.db";
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_TOOBIG = 18;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_MISMATCH = 20;
    private static final int SQLITE_AUTH = 23;
    private static final int SQLITE_RANGE = 25;
    private static final int SQLITE_NOTADB = 26;

    /** The writer's automatic checkpoint threshold, in pages of the write-ahead log, without {@link WalCheckpointer}. */
    static final int CHECKPOINT_PAGES = 256;
    /**
     * The writer's automatic checkpoint threshold beside {@link WalCheckpointer} (16 MiB of log): only reached when that
     * thread falls behind or fails.
     */
    static final int BACKSTOP_PAGES = 4096;
    /**
     * {@code -Dpresencegw.store.checkpointThread}: {@code true} or {@code false} runs checkpoints on
     * {@link WalCheckpointer}'s thread or in the writer's commits whatever {@code sync} says (for measuring the
     * difference); unset, the thread runs with {@code sync: normal} only ({@link #checkpointThread}).
     */
    private static final String CHECKPOINT_THREAD = System.getProperty("presencegw.store.checkpointThread", "");

    private final Path directory;
    private final String url;
    private final DirectoryLock lock;
    private final StoreSettings.Sync sync;
    private final WalCheckpointer checkpointer;

    private SqliteEngine(Path directory, DirectoryLock lock, StoreSettings.Sync sync, boolean checkpointThread) {
        this.directory = directory;
        this.url = "jdbc:sqlite:" + directory.resolve(FILE_NAME);
        this.lock = lock;
        this.sync = sync;
        this.checkpointer = checkpointThread ? new WalCheckpointer(this::connectCheckpointer, describe()) : null;
    }

    /** Creates {@code directory} if missing and locks it; every commit synced ({@code sync: full}). */
    static SqliteEngine open(Path directory) throws StoreException {
        return open(directory, StoreSettings.Sync.FULL);
    }

    /** Creates {@code directory} if missing and locks it. */
    static SqliteEngine open(Path directory, StoreSettings.Sync sync) throws StoreException {
        return open(directory, sync, checkpointThread(sync, CHECKPOINT_THREAD));
    }

    /**
     * Whether checkpoints run on their own thread: with {@code sync: normal}, where the checkpoint inside the commit
     * was the one sync left on the answers' path (bench/FINDINGS.md, "Session 32"), unless {@code property} says
     * otherwise. With {@code sync: full} every commit syncs anyway, the thread made no difference to the answers'
     * times at 1000/s and cost 15-20 us of CPU per SUBSCRIBE at 10,000/s.
     */
    static boolean checkpointThread(StoreSettings.Sync sync, String property) {
        if ("true".equalsIgnoreCase(property)) {
            return true;
        }
        if ("false".equalsIgnoreCase(property)) {
            return false;
        }
        return sync == StoreSettings.Sync.NORMAL;
    }

    /**
     * Creates {@code directory} if missing and locks it; {@code checkpointThread}: checkpoints on
     * {@link WalCheckpointer}'s thread, else inside the writer's commits.
     */
    static SqliteEngine open(Path directory, StoreSettings.Sync sync, boolean checkpointThread)
            throws StoreException {
        Path real;
        try {
            Files.createDirectories(directory);
            real = directory.toRealPath();
        } catch (AccessDeniedException e) {
            throw new StoreException("cannot create data directory " + directory + ": permission denied");
        } catch (FileSystemException e) {
            throw new StoreException("cannot create data directory " + directory + ": "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()));
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + directory + ": " + Messages.of(e));
        }
        if (!Files.isWritable(real)) {
            throw new StoreException("data directory " + real + " is not writable");
        }
        DirectoryLock lock = DirectoryLock.acquire(real);
        try {
            SqliteLibrary.load(real);
        } catch (StoreException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new SqliteEngine(real, lock, sync, checkpointThread);
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public String describe() {
        return "embedded " + directory + (sync == StoreSettings.Sync.FULL ? "" : " (sync: " + sync.key() + ")");
    }

    /** The database file. */
    Path file() {
        return directory.resolve(FILE_NAME);
    }

    @Override
    public Connection connect(boolean writer) throws SQLException {
        Properties p = session();
        if (writer) {
            // SQLite checkpoints inside the commit that takes the log past this many pages. Without the checkpoint
            // thread: the default 1000 (4 MiB) made a 40-80 ms stall every few seconds under load, 256 (1 MiB) makes
            // smaller, more frequent ones (bench/FINDINGS.md, "Session 6"); beside it, only a backstop.
            p.setProperty("wal_autocheckpoint", Integer.toString(checkpointer == null ? CHECKPOINT_PAGES
                    : BACKSTOP_PAGES));
        }
        // A reader's deferred transaction sees one snapshot from its first read to its commit. The driver begins the
        // next transaction as soon as one commits: the writer's is deferred beside the checkpoint thread, so that it
        // reads the log from where it is when its first statement runs, and the log can restart from its beginning
        // once the thread copied all of it (an immediate one would hold a snapshot of the log taken right after the
        // previous commit, before any copy, and the log would only restart at the backstop: "Session 6"). One
        // writer per directory (DirectoryLock), so a deferred write never meets another writer's commit.
        p.setProperty("transaction_mode", writer && checkpointer == null ? "IMMEDIATE" : "DEFERRED");
        Connection c = open(p);
        c.setAutoCommit(false);
        return c;
    }

    /** The notification that the writer committed; the checkpoint thread, if any, runs soon after. */
    @Override
    public void committed() {
        if (checkpointer != null) {
            checkpointer.committed();
        }
    }

    /**
     * The checkpoint thread closes its connection (the call waits for it) and opens one again after the next commit:
     * the writer's connection, which it closes next, is then the last one, and SQLite's close copies the log back and
     * removes it, as it did before the thread. A log left in place, copied back and so reusable from its beginning,
     * gave a full disk's store room to write its probe into: the store said it had recovered with the disk still
     * full, and failed again at the next commit that needed new space ({@code StoreTroubleIT}).
     */
    @Override
    public void troubled() {
        if (checkpointer != null) {
            checkpointer.release();
        }
    }

    /** The checkpoint thread, or null when checkpoints run in the writer's commits. */
    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    /** The checkpoint thread's connection: auto-commit, so that it holds no snapshot between checkpoints. */
    private Connection connectCheckpointer() throws SQLException {
        Connection c = open(session());
        c.setAutoCommit(true);
        return c;
    }

    private Properties session() {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", sync.name());
        p.setProperty("busy_timeout", "10000");
        return p;
    }

    private Connection open(Properties p) throws SQLException {
        Connection c = new org.sqlite.JDBC().connect(url, p);
        if (c == null) {
            throw new SQLException("the SQLite driver refused " + url);
        }
        return c;
    }

    @Override
    public String bytesType() {
        return "BLOB";
    }

    @Override
    public String idType() {
        return "INTEGER";
    }

    /**
     * {@value #BATCH_ROWS}. A batch is no round trip here (the driver steps each row), and the driver keeps a
     * statement's batch buffer at its largest size ever and clears all of it after every run: without a limit one
     * 512-commit transaction made every later one-row run clear thousands of slots, and a larger batch than the
     * warm-up's grew the buffer on a branch that the writer's compiled code had never seen (an uncommon trap, the
     * writer in slower code until C2 compiled it again; bench/FINDINGS.md, "Session 27").
     */
    @Override
    public int batchRows() {
        return BATCH_ROWS;
    }

    @Override
    public void lockSchema(Connection connection) {
        // one process per directory (DirectoryLock) and IMMEDIATE transactions already serialise migrations
    }

    @Override
    public FailureKind classify(SQLException e) {
        SQLException specific = Messages.specific(e);
        return switch (specific.getErrorCode() & 0xff) {
            case SQLITE_FULL -> FailureKind.DISK_FULL;
            case SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH -> FailureKind.READ_ONLY;
            case SQLITE_IOERR, SQLITE_CANTOPEN -> FailureKind.IO_ERROR;
            case SQLITE_CORRUPT, SQLITE_NOTADB -> FailureKind.CORRUPT;
            case SQLITE_BUSY, SQLITE_LOCKED -> FailureKind.UNAVAILABLE;
            case SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH, SQLITE_RANGE -> FailureKind.REJECTED;
            default -> FailureKind.OTHER;
        };
    }

    /** Stops the checkpoint thread, then releases the directory. */
    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        lock.close();
    }
}
