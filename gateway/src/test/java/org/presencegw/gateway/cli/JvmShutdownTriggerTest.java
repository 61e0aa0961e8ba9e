package org.presencegw.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What SIGTERM and SIGINT do: the first stops the gateway; one more while that runs exits at once, status 1. */
class JvmShutdownTriggerTest {

    @Test
    void firstSignal_runsTheStop_noExit() {
        AtomicInteger stops = new AtomicInteger();
        List<Integer> exits = new CopyOnWriteArrayList<>();
        JvmShutdownTrigger.onSignal(new AtomicBoolean(), stops::incrementAndGet, exits::add).run();
        assertEquals(1, stops.get());
        assertEquals(List.of(), exits);
    }

    @Test
    void secondSignalWhileTheStopRuns_exits1_stopRunsOnce() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        CountDownLatch inStop = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> exits = new CopyOnWriteArrayList<>();
        Runnable signal = JvmShutdownTrigger.onSignal(new AtomicBoolean(), () -> {
            stops.incrementAndGet();
            inStop.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, exits::add);
        CompletableFuture<Void> first = CompletableFuture.runAsync(signal);
        assertTrue(inStop.await(10, TimeUnit.SECONDS));
        signal.run();
        assertEquals(List.of(1), exits);
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertEquals(1, stops.get());
    }

    @Test
    void signalAfterTheShutdownHookStarted_exits1() {
        AtomicBoolean started = new AtomicBoolean(true); // the hook (or an earlier signal) took the stop
        List<Integer> exits = new CopyOnWriteArrayList<>();
        JvmShutdownTrigger.onSignal(started, () -> {
            throw new AssertionError("stop runs once");
        }, exits::add).run();
        assertEquals(List.of(1), exits);
    }
}
