package org.presencegw.xmpp;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor (the idea of Smack's {@code AsyncButOrdered}
 * and Babbler's {@code QueuedExecutorService}): many lanes, few threads. A task that throws is logged and the lane
 * goes on. Each account has one for its whole life, so a lane yields its thread after {@value #BATCH} tasks to be
 * fair to the other accounts on the shared executor (sip-side's {@code OrderedLanes} is the other shape: many
 * short-lived keyed lanes).
 */
final class SerialLane implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);
    /** Tasks run per turn before the lane yields its thread to other lanes. */
    private static final int BATCH = 64;

    private final String name;
    private final Executor executor;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean scheduled;

    SerialLane(String name, Executor executor) {
        this.name = Objects.requireNonNull(name, "name");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (queue) {
            queue.add(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (queue) {
                LOG.debug("[{}] executor shut down, dropping {} task(s)", name, queue.size());
                queue.clear();
                scheduled = false;
            }
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("[{}] task failed", name, e);
            }
        }
        schedule();
    }
}
