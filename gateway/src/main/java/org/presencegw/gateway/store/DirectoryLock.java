package org.presencegw.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.presencegw.sip.store.StoreException;

/**
 * An exclusive lock on a data directory ({@value #FILE_NAME}, an OS file lock held as long as the store is open), so
 * a second gateway process on the same directory is refused instead of corrupting the first one's state. The OS
 * releases the lock when the process dies, even by {@code kill -9}, so a crash never leaves a stale lock. The file
 * holds the owner's PID for the error message; it is never deleted.
 *
 * <p>Within one JVM the directories held are also kept in a process-wide set: POSIX drops every lock a process holds
 * on a file when any descriptor of that file is closed, so a refused second open in the same process must not even
 * open the file. Thread-safe.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "gateway.lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code directory} (an existing directory, real path) or throws with one line naming the holder. */
    static DirectoryLock acquire(Path directory) throws StoreException {
        Path file = directory.resolve(FILE_NAME);
        if (!HELD.add(directory)) {
            throw new StoreException("data directory " + directory + " is already in use by this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                HELD.remove(directory);
                throw new StoreException("data directory " + directory + " is in use by another gateway process"
                        + holder + " (lock on " + file + ")");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                    0);
            return new DirectoryLock(directory, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(directory);
            throw new StoreException("cannot lock data directory " + directory + ": " + Messages.of(e));
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]{1,10}") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release; the caller reports the first failure
        }
    }

    /** Releases the lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
        HELD.remove(directory);
    }
}
