package org.presencegw.sip.server;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ordered lane per key on a shared executor (Smack's {@code AsyncButOrdered}): tasks of one key
 * run one after the other in submission order, tasks of different keys run in parallel. {@link #execute} never
 * blocks and never runs the task on the caller's thread, so it may be called while holding a lock.
 *
 * <p>Not to be confused with xmpp-side's {@code SerialLane}: that is one long-lived lane (an account's), which
 * yields its thread every 64 tasks; these are many short-lived lanes created per key on demand and dropped as soon as
 * they are empty (a lane per address of record exists only while that AOR has events queued). The two modules never
 * share code (docs/ARCHITECTURE.md), and the two shapes fit their callers.
 *
 * <p>This class is thread-safe.
 *
 * @param <K> the lane key, e.g. an address of record
 */
public final class OrderedLanes<K> {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedLanes.class);

    private final Executor executor;
    /** Pending tasks per key; the head of a queue is the task running (or about to run). Guarded by this. */
    private final Map<K, ArrayDeque<Runnable>> lanes = new HashMap<>();

    public OrderedLanes(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Queues {@code task} behind the earlier tasks of {@code key}. */
    public void execute(K key, Runnable task) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(task, "task");
        synchronized (this) {
            ArrayDeque<Runnable> lane = lanes.get(key);
            if (lane != null) {
                lane.add(task);
                return;
            }
            lane = new ArrayDeque<>();
            lane.add(task);
            lanes.put(key, lane);
        }
        try {
            executor.execute(() -> drain(key));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                lanes.remove(key);
            }
            LOG.debug("executor shut down; tasks of {} dropped", key);
        }
    }

    private void drain(K key) {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = lanes.get(key).peek();
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("task of lane {} failed", key, e);
            }
            synchronized (this) {
                ArrayDeque<Runnable> lane = lanes.get(key);
                lane.poll();
                if (lane.isEmpty()) {
                    lanes.remove(key);
                    return;
                }
            }
        }
    }
}
