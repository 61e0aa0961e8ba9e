package org.presencegw.gateway.store.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CommitBurst} child JVM (same class path as the tests) and what it acknowledged so far. Lines are read on a
 * daemon thread; {@link #awaitAcks} waits on a condition, not a sleep. {@link #kill()} is SIGKILL of this child only.
 */
public final class ChildStore implements AutoCloseable {
    private final Process process;
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final Set<Long> xacked = ConcurrentHashMap.newKeySet();
    private final List<String> other = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Object progress = new Object();
    private final Thread reader;

    private ChildStore(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "child-store-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a child with {@code args} (see {@link CommitBurst}) and waits until its store is open. */
    public static ChildStore start(Path workingDirectory, List<String> args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-DGATEWAY_LOG_LEVEL=WARN", "-cp",
                System.getProperty("java.class.path"), CommitBurst.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        ChildStore child = new ChildStore(p);
        if (!child.ready.await(60, TimeUnit.SECONDS)) {
            child.kill();
            throw new IllegalStateException("child store never became ready: " + child.other);
        }
        return child;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.matches("ACK [0-9]+")) {
                    acked.add(Long.parseLong(line.substring(4)));
                } else if (line.matches("XACK [0-9]+")) {
                    xacked.add(Long.parseLong(line.substring(5)));
                } else if (line.startsWith("READY ")) {
                    ready.countDown();
                } else if (other.size() < 100) {
                    other.add(line);
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                other.add("read failed: " + e);
            } // else: the JDK closes the pipe of a process that exited; what was read so far counts
        }
    }

    /** Waits until at least {@code count} commits were acknowledged (mid-burst: the child never stops). */
    public void awaitAcks(int count, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        synchronized (progress) {
            while (acked.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("only " + acked.size() + " acks; child alive=" + process.isAlive()
                            + ", output: " + other);
                }
                progress.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    /**
     * SIGKILL (Process.destroyForcibly on Unix), then waits for the exit and for the last lines already in the pipe
     * (each was printed after its commit was durable); returns the exit status (137).
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(30_000);
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    /** Snapshot of acknowledged ids, taken after the kill. */
    public Set<Long> acked() {
        return Set.copyOf(acked);
    }

    public Set<Long> xacked() {
        return Set.copyOf(xacked);
    }

    /** Lines that were neither acks nor READY (failures, log lines). */
    public List<String> otherOutput() {
        return List.copyOf(other);
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
