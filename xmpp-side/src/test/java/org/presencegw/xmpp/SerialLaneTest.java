package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerialLaneTest {
    @Test
    void execute_manyTasksOnPool_runInOrderOneAtATime() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialLane lane = new SerialLane("t", pool);
            List<Integer> seen = new ArrayList<>(); // unsynchronised on purpose: the lane serialises
            CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                lane.execute(() -> seen.add(n));
            }
            lane.execute(done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, seen.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void execute_taskThrows_laneContinues() throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialLane lane = new SerialLane("t", pool);
            CountDownLatch done = new CountDownLatch(1);
            lane.execute(() -> {
                throw new IllegalStateException("expected by the test");
            });
            lane.execute(done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
