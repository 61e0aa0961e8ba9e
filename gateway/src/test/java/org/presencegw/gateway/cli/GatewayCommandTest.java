package org.presencegw.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.config.ConfigException;
import org.presencegw.gateway.config.ConfigLoader;
import org.presencegw.gateway.config.GatewayConfig;

/** {@code --config FILE} with a fake launcher and a manual shutdown trigger. */
@Timeout(20)
class GatewayCommandTest {
    @TempDir
    Path dir;

    private final CliStreams io = new CliStreams();
    private final AtomicReference<Runnable> stopAction = new AtomicReference<>();
    private final CountDownLatch hookRegistered = new CountDownLatch(1);
    private final AtomicReference<Runnable> reloadAction = new AtomicReference<>();

    private GatewayCommand command(GatewayLauncher launcher, Duration stopTimeout) {
        ShutdownTrigger trigger = stop -> {
            stopAction.set(stop);
            hookRegistered.countDown();
        };
        return new GatewayCommand(io.out, io.err, new ConfigLoader(name -> null), launcher, trigger,
                reloadAction::set, stopTimeout);
    }

    private int runConfig(GatewayLauncher launcher) {
        return command(launcher, Duration.ofSeconds(5)).run(new String[] {"--config", CliStreams.validConfig(dir)
                .toString()});
    }

    @Test
    void run_startedThenShutdown_closesGatewayOnceExit0() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        AtomicReference<GatewayConfig> started = new AtomicReference<>();
        GatewayCommand command = command(config -> {
            started.set(config);
            return closes::incrementAndGet;
        }, Duration.ofSeconds(5));
        Path file = CliStreams.validConfig(dir);

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> command.run(new String[] {"--config", file.toString()}));
        assertTrue(hookRegistered.await(10, TimeUnit.SECONDS), "shutdown trigger registered");
        assertEquals(0, closes.get(), "not closed before shutdown");
        stopAction.get().run();

        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        assertEquals(1, closes.get());
        assertEquals(file, started.get().file());
        assertEquals("", io.err());
    }

    /** SIGTERM while the gateway starts (systemd stopping a unit still starting): closed once started, exit 0. */
    @Test
    void run_stopRequestedDuringStart_closedOnceTheStartReturnsExit0() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        CountDownLatch startEntered = new CountDownLatch(1);
        CountDownLatch finishStart = new CountDownLatch(1);
        GatewayCommand command = command(config -> {
            startEntered.countDown();
            finishStart.await();
            return closes::incrementAndGet;
        }, Duration.ofSeconds(5));
        Path file = CliStreams.validConfig(dir);

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> command.run(new String[] {"--config", file.toString()}));
        assertTrue(startEntered.await(10, TimeUnit.SECONDS));
        assertTrue(hookRegistered.await(10, TimeUnit.SECONDS), "registered before the start");
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> stopAction.get().run());
        Thread.sleep(200);
        assertFalse(stop.isDone(), "the stop waits for the start");
        finishStart.countDown();

        stop.get(10, TimeUnit.SECONDS);
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        assertEquals(1, closes.get());
    }

    /** A stop requested while a start fails does not wait forever; the failure's status stands. */
    @Test
    void run_stopRequestedThenStartFails_stopReturnsExit1() throws Exception {
        CountDownLatch finishStart = new CountDownLatch(1);
        GatewayCommand command = command(config -> {
            finishStart.await();
            throw new IOException("XMPP server unreachable");
        }, Duration.ofSeconds(5));
        Path file = CliStreams.validConfig(dir);

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> command.run(new String[] {"--config", file.toString()}));
        assertTrue(hookRegistered.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> stopAction.get().run());
        finishStart.countDown();

        stop.get(10, TimeUnit.SECONDS);
        assertEquals(1, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void run_closeHangs_shutdownGivesUpAfterTimeoutExit0() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        GatewayCommand command = command(config -> never::await, Duration.ofMillis(200));
        Path file = CliStreams.validConfig(dir);

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> command.run(new String[] {"--config", file.toString()}));
        assertTrue(hookRegistered.await(10, TimeUnit.SECONDS));
        long begin = System.nanoTime();
        stopAction.get().run();

        assertTrue(System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(5), "bounded wait");
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        never.countDown();
    }

    @Test
    void run_startFailsWithMultiLineMessage_firstLineExit1() {
        int status = runConfig(config -> {
            throw new IOException("XMPP server unreachable\n\tat somewhere");
        });

        assertEquals(1, status);
        assertEquals("error: XMPP server unreachable", io.oneErrorLine());
    }

    @Test
    void run_startFailsWithBindCause_exit2() {
        int status = runConfig(config -> {
            throw new IllegalStateException("cannot listen on 127.0.0.1:5060/udp",
                    new BindException("Address already in use"));
        });

        assertEquals(2, status);
        assertEquals("error: cannot listen on 127.0.0.1:5060/udp", io.oneErrorLine());
    }

    @Test
    void run_startFailsWithConfigException_fileLineFormExit2() {
        int status = runConfig(config -> {
            throw new ConfigException(config.file(), OptionalInt.of(3), "sip.port: refused");
        });

        assertEquals(2, status);
        assertTrue(io.oneErrorLine().endsWith(":3: sip.port: refused"), io.err());
    }

    @Test
    void run_startFailsWithoutMessage_classNameExit1() {
        int status = runConfig(config -> {
            throw new NullPointerException();
        });

        assertEquals(1, status);
        assertEquals("error: NullPointerException", io.err().strip());
        assertEquals(1, io.err().lines().count());
    }

    /** A launcher whose gateway records every configuration it is reloaded with. */
    private static final class ReloadRecorder implements Reloadable {
        final java.util.List<GatewayConfig> reloads = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void reload(GatewayConfig next) {
            reloads.add(next);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void reload_validFile_appliedToTheGateway_badFile_refusedAndTheRunningOneKept() throws Exception {
        ReloadRecorder gateway = new ReloadRecorder();
        Path file = CliStreams.validConfig(dir);
        GatewayCommand command = command(config -> gateway, Duration.ofSeconds(5));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> command.run(new String[] {"--config", file.toString()}));
        assertTrue(hookRegistered.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 1000 && reloadAction.get() == null; i++) { // registered once the start returned
            Thread.sleep(10);
        }
        reloadAction.get().run();
        assertEquals(1, gateway.reloads.size(), "SIGHUP re-reads the file and hands it over");

        String good = java.nio.file.Files.readString(file);
        java.nio.file.Files.writeString(file, good + "\nbogus_key: 1\n");
        reloadAction.get().run();
        assertEquals(1, gateway.reloads.size(), "a file --check-config refuses is not applied");

        stopAction.get().run();
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    }
}
