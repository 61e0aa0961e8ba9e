package org.presencegw.gateway.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real gateway jar ({@code gateway/target/gateway.jar}) as a child process of the test, in a directory of the
 * test's, with its stdout and stderr in files: started, stopped with SIGTERM, killed with SIGKILL, reloaded with
 * SIGHUP, started again on the same configuration. Only this child is ever signalled, by its PID.
 */
final class GatewayChild implements AutoCloseable {

    private static final Path JAR = Path.of("target", "gateway.jar").toAbsolutePath();
    private static final Duration UP = Duration.ofSeconds(40);
    /** Each run's stdout and stderr are copied here at {@link #close()}: the test's directory is deleted after it. */
    private static final Path KEPT = Path.of("target", "it-logs").toAbsolutePath();
    private static final AtomicInteger CHILDREN = new AtomicInteger();

    private final Path dir;
    private final Path config;
    private final Map<String, String> env;
    private final String name = "gateway-child-" + ProcessHandle.current().pid() + "-" + CHILDREN.incrementAndGet();
    private final List<Path> outputs = new ArrayList<>();
    private int starts;
    private Process process;
    private Path out;

    GatewayChild(Path dir, Path config, Map<String, String> env) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("run in the verify phase, after package: " + JAR);
        }
        this.dir = dir;
        this.config = config;
        this.env = Map.copyOf(env);
    }

    /** Starts the gateway and waits until it logs "gateway up"; returns this. */
    GatewayChild start() {
        starts++;
        out = dir.resolve("gateway-" + starts + ".out");
        Path err = dir.resolve("gateway-" + starts + ".err");
        outputs.add(out);
        outputs.add(err);
        String java = ProcessHandle.current().info().command().orElse("java");
        // SIGHUP as the default even when the build runs with it ignored (nohup): the child would inherit that
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=HUP", java, "-Xmx256m", "-jar",
                JAR.toString(), "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // What each account and subscription did, for the kept logs of a failed test (the tests read only INFO lines).
        pb.environment().put("GATEWAY_LOG_LEVEL", "DEBUG");
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitLog("gateway up", UP);
        return this;
    }

    /** Waits until the current run's stdout contains {@code fragment}; fails if the process exits first. */
    void awaitLog(String fragment, Duration atMost) {
        Process p = process;
        try {
            await(fragment).atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (log().contains(fragment)) {
                    return true;
                }
                if (!p.isAlive()) {
                    throw new AssertionError("gateway exited (" + p.exitValue() + ") before '" + fragment + "':\n"
                            + log());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            // the test's directory goes with it: what the gateway said is the only clue left
            throw new AssertionError("no '" + fragment + "' in the gateway's log within " + atMost.toSeconds()
                    + " s; its log:\n" + log(), e);
        }
    }

    /** What the current run wrote to stdout so far. */
    String log() {
        try {
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the process ends at once, with no chance to write anything more. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("gateway did not die after SIGKILL");
        }
    }

    /** SIGTERM; returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("gateway did not exit after SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGHUP to this child only. */
    void hangup() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -HUP " + process.pid() + " failed");
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            Files.createDirectories(KEPT);
            for (Path f : outputs) {
                if (Files.exists(f)) {
                    Files.copy(f, KEPT.resolve(name + "-" + f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            System.err.println("could not keep the gateway's logs in " + KEPT + ": " + e);
        }
    }
}
