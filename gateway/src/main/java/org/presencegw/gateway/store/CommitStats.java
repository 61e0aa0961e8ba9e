package org.presencegw.gateway.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the store's group commits cost, for operators ({@code /metrics}): how long each commit took (write, commit and
 * sync of one batch: what every 2xx that waited for it waited), and how many change lists were committed or failed.
 * A change list is what one request or background write asked for. Written by the writer thread (and by a submitter
 * whose commit fails at once: store down, queue full), read by scrapes. Thread-safe.
 */
public final class CommitStats {

    /** Upper bounds (seconds) of the commit duration buckets; a last, unbounded bucket follows. */
    static final double[] BOUNDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0};

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();
    private final LongAdder committed = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public CommitStats() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** One group commit of {@code changeLists} change lists succeeded after {@code nanos}. */
    void committed(int changeLists, long nanos) {
        double seconds = nanos / 1e9;
        int b = 0;
        while (b < BOUNDS.length && seconds > BOUNDS[b]) {
            b++;
        }
        buckets[b].increment();
        sumNanos.add(nanos);
        committed.add(changeLists);
    }

    /** {@code changeLists} change lists could not be written (store trouble, refused data, closed store). */
    void failed(int changeLists) {
        failed.add(changeLists);
    }

    /** A consistent-enough copy for one scrape (each figure read once). */
    public Snapshot snapshot() {
        List<Double> bounds = new ArrayList<>(BOUNDS.length + 1);
        List<Long> counts = new ArrayList<>(buckets.length);
        for (int i = 0; i < buckets.length; i++) {
            bounds.add(i < BOUNDS.length ? BOUNDS[i] : Double.POSITIVE_INFINITY);
            counts.add(buckets[i].sum());
        }
        return new Snapshot(List.copyOf(bounds), List.copyOf(counts), sumNanos.sum() / 1e9, committed.sum(),
                failed.sum());
    }

    /**
     * @param upperBounds     bucket upper bounds in seconds, the last one {@code +Inf}
     * @param counts          commits per bucket, not cumulative
     * @param sumSeconds      time spent in all commits
     * @param committedLists  change lists made durable
     * @param failedLists     change lists that failed
     */
    public record Snapshot(List<Double> upperBounds, List<Long> counts, double sumSeconds, long committedLists,
                           long failedLists) {
        /** Group commits counted in the histogram. */
        public long commits() {
            return counts.stream().mapToLong(Long::longValue).sum();
        }
    }
}
