package org.presencegw.sip.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommitCallbacksTest {

    @Test
    void ownThreadsRunEveryCallback() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CommitCallbacks callbacks = new CommitCallbacks(threads, 4);
            CountDownLatch all = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                callbacks.execute(all::countDown);
            }
            assertTrue(all.await(10, TimeUnit.SECONDS));
            assertEquals(0, callbacks.waiting());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void help_runsTheBacklogDownToTheBound_inOrder_onTheCallersThread() {
        // threads that never get to run: the backlog only drains through help()
        List<Runnable> parked = new ArrayList<>();
        ExecutorService never = new ParkingExecutor(parked);
        CommitCallbacks callbacks = new CommitCallbacks(never, 3);
        List<Integer> ran = new ArrayList<>();
        Thread caller = Thread.currentThread();
        AtomicInteger elsewhere = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            int n = i;
            callbacks.execute(() -> {
                ran.add(n);
                if (Thread.currentThread() != caller) {
                    elsewhere.incrementAndGet();
                }
            });
        }
        assertEquals(10, callbacks.waiting());
        assertEquals(7, callbacks.help());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), ran);
        assertEquals(3, callbacks.waiting());
        assertEquals(0, callbacks.help(), "at the bound: nothing more to help with");
        parked.forEach(Runnable::run); // the threads come round: the rest runs, their extra turns find nothing
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ran);
        assertEquals(0, callbacks.waiting());
        assertEquals(0, elsewhere.get());
    }

    @Test
    void aFailingCallbackDoesNotStopTheOthers() {
        CommitCallbacks callbacks = new CommitCallbacks(new ParkingExecutor(new ArrayList<>()), 0);
        AtomicInteger ran = new AtomicInteger();
        callbacks.execute(() -> {
            throw new IllegalStateException("boom");
        });
        callbacks.execute(ran::incrementAndGet);
        assertEquals(2, callbacks.help());
        assertEquals(1, ran.get());
    }

    @Test
    void afterShutdown_theCallbackRunsOnTheCaller() {
        ExecutorService threads = Executors.newSingleThreadExecutor();
        threads.shutdown();
        CommitCallbacks callbacks = new CommitCallbacks(threads, 0);
        AtomicInteger ran = new AtomicInteger();
        callbacks.execute(ran::incrementAndGet);
        assertEquals(1, ran.get());
        assertThrows(IllegalArgumentException.class, () -> new CommitCallbacks(threads, -1));
    }

    /** Keeps every task instead of running it. */
    private static final class ParkingExecutor extends java.util.concurrent.AbstractExecutorService {
        private final List<Runnable> parked;

        ParkingExecutor(List<Runnable> parked) {
            this.parked = parked;
        }

        @Override
        public void execute(Runnable command) {
            parked.add(command);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
