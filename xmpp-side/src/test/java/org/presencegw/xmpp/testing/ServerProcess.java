package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test server's child process. Only processes this object started are ever signalled, and only by PID: the
 * child itself, and the children it started (e.g. Erlang's {@code erl_child_setup}) if they outlive it. Never a
 * process found by name, never a system service.
 */
final class ServerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);

    static {
        SmackTestDefaults.apply(); // every test starts a server before its first connection
    }
    private static final Duration POLL = Duration.ofMillis(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private Process process;

    ServerProcess(String name) {
        this.name = name;
    }

    /**
     * Starts the command and waits until {@code ready} holds. If the process exits first or the timeout passes, it
     * is killed and an {@link IllegalStateException} carries {@code diagnostics} (log tails).
     */
    synchronized void start(ProcessBuilder command, Duration timeout, String readiness, BooleanSupplier ready,
                            Supplier<String> diagnostics) {
        if (isRunning()) {
            return;
        }
        try {
            process = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command.command(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "did not " + readiness + " within " + timeout
                        : "exited with " + process.exitValue();
                kill();
                throw new IllegalStateException(name + " " + why + "; log:\n" + diagnostics.get());
            }
            pause(POLL);
        }
    }

    /** SIGTERM to the PID, wait for the exit (SIGKILL after 10 s). */
    synchronized void stop() {
        end(false);
    }

    /** SIGKILL to the PID (a crash), then wait for it to be gone. */
    synchronized void kill() {
        end(true);
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " never started");
        }
        return process.pid();
    }

    private void end(boolean forcibly) {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!awaitExit(process)) {
            process.destroyForcibly();
            awaitExit(process);
        }
        for (ProcessHandle child : children) {
            if (!awaitExit(child)) {
                LOG.warn("{}: child pid {} outlived pid {}; killing it", name, child.pid(), process.pid());
                child.destroyForcibly();
            }
        }
        LOG.info("{} pid {} {}", name, process.pid(), forcibly ? "killed" : "stopped");
    }

    /** Our direct child: waitFor, so that it is reaped and isAlive() is false afterwards. */
    private static boolean awaitExit(Process child) {
        try {
            return child.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A grandchild: polls (10 ms) rather than {@code onExit()}, which is slow for a process that is not our direct child. A zombie
     * (exited, not yet reaped by init) counts as gone: {@code isAlive()} is still true for it.
     */
    private static boolean awaitExit(ProcessHandle handle) {
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        while (handle.isAlive() && !isZombie(handle.pid())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(Duration.ofMillis(10));
        }
        return true;
    }

    /** Linux: state 'Z' in /proc/PID/stat (the field after the parenthesised command name). */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException e) {
            return false; // gone (or no /proc): isAlive() decides
        }
    }

    /**
     * Starts a new server; if that fails, closes it (its directory goes; the exception carries the log tails).
     */
    static <S extends XmppTestServer> S startedOrClosed(S server) {
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A finished helper command: exit code and output (stdout and stderr together). */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs a short helper command (ejabberdctl, erl_call) to its end, bounded: past the timeout it is killed by its
     * PID and an {@link IllegalStateException} says so. Output goes through a temp file, so a hung command cannot
     * block the read.
     */
    static Result run(ProcessBuilder command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("server-command-", ".out");
            Process process = command.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.command() + " did not end within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(out).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.command(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (out != null) {
                deleteTree(out);
            }
        }
    }

    /** The last 20 lines of a log file, or a note that it does not exist. */
    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
        } catch (IOException e) {
            return "(no " + file.getFileName() + ")\n";
        }
    }

    /** Deletes a throw-away directory tree; a failure is logged, not thrown (close() must not fail a test). */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
