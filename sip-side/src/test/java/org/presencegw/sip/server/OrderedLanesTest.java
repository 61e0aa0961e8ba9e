package org.presencegw.sip.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrderedLanesTest {

    @Test
    void execute_manyTasksOnFourThreads_eachKeyInSubmissionOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            OrderedLanes<String> lanes = new OrderedLanes<>(pool);
            Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(3 * 500);
            for (int i = 0; i < 500; i++) {
                for (String key : List.of("a", "b", "c")) {
                    int n = i;
                    lanes.execute(key, () -> {
                        seen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(n);
                        done.countDown();
                    });
                }
            }
            assertTrue(done.await(5, TimeUnit.SECONDS));
            for (String key : List.of("a", "b", "c")) {
                List<Integer> order = seen.get(key);
                for (int i = 0; i < 500; i++) {
                    assertEquals(i, order.get(i), key);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void execute_throwingTask_laterTasksOfTheKeyStillRun() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            OrderedLanes<String> lanes = new OrderedLanes<>(pool);
            CountDownLatch after = new CountDownLatch(1);
            lanes.execute("a", () -> {
                throw new IllegalStateException("boom");
            });
            lanes.execute("a", after::countDown);
            assertTrue(after.await(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void execute_executorShutDown_dropsWithoutThrowing() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdownNow();
        OrderedLanes<String> lanes = new OrderedLanes<>(pool);
        lanes.execute("a", () -> {
        });
        lanes.execute("a", () -> {
        });
    }
}
