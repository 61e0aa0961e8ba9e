package org.presencegw.sip.api;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What the SIP side counts for operators (the gateway turns it into metrics at scrape time; this module knows
 * nothing of any metrics library): final responses by method and status, the time from a request's arrival to its
 * final response by method (a histogram with fixed buckets), and how NOTIFY transactions ended. The hot path only
 * adds to {@link LongAdder}s: no allocation once a (method, status) pair has been seen. Thread-safe.
 */
public final class SipStats {

    /** How a NOTIFY transaction ended: a final response (any status), a timeout, or an error (not sent, I/O). */
    public enum NotifyOutcome { ANSWERED, TIMEOUT, ERROR }

    /** Methods counted by name; any other is counted as {@code OTHER}. */
    public static final List<String> METHODS = List.of("SUBSCRIBE", "NOTIFY", "REGISTER", "PUBLISH", "OPTIONS",
            "INVITE", "BYE", "CANCEL", "MESSAGE", "INFO", "UPDATE", "PRACK", "REFER", "OTHER");
    /** Upper bounds (seconds) of the latency buckets; a last, unbounded bucket follows. */
    private static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final int STATUS_MIN = 100;
    private static final int STATUSES = 600;

    private final AtomicReferenceArray<LongAdder> responses = new AtomicReferenceArray<>(METHODS.size() * STATUSES);
    private final LongAdder[][] buckets = new LongAdder[METHODS.size()][BOUNDS.length + 1];
    private final LongAdder[] latencyNanos = new LongAdder[METHODS.size()];
    private final Map<NotifyOutcome, LongAdder> notifies = new EnumMap<>(NotifyOutcome.class);
    private volatile LongSupplier udpCopiesDropped = () -> 0;

    public SipStats() {
        for (int m = 0; m < METHODS.size(); m++) {
            latencyNanos[m] = new LongAdder();
            for (int b = 0; b <= BOUNDS.length; b++) {
                buckets[m][b] = new LongAdder();
            }
        }
        for (NotifyOutcome outcome : NotifyOutcome.values()) {
            notifies.put(outcome, new LongAdder());
        }
    }

    /** Where {@link #udpCopiesDropped()} is counted (the stack's UDP readers). */
    public void udpCopiesDropped(LongSupplier counter) {
        this.udpCopiesDropped = Objects.requireNonNull(counter, "counter");
    }

    /**
     * Copies of UDP requests dropped before they were parsed, their first copy still waiting or being handled (a
     * client retransmitting because the gateway answers late).
     */
    public long udpCopiesDropped() {
        return udpCopiesDropped.getAsLong();
    }

    /** A final response ({@code status} 200..699) to a {@code method} request went out {@code nanos} after arrival. */
    public void answered(String method, int status, long nanos) {
        int m = methodIndex(method);
        if (status >= STATUS_MIN && status < STATUS_MIN + STATUSES) {
            int slot = m * STATUSES + status - STATUS_MIN;
            LongAdder counter = responses.get(slot);
            if (counter == null) {
                responses.compareAndSet(slot, null, new LongAdder());
                counter = responses.get(slot);
            }
            counter.increment();
        }
        double seconds = nanos / 1e9;
        int b = 0;
        while (b < BOUNDS.length && seconds > BOUNDS[b]) {
            b++;
        }
        buckets[m][b].increment();
        latencyNanos[m].add(Math.max(0, nanos));
    }

    /** A NOTIFY transaction ended as {@code outcome}. */
    public void notifyEnded(NotifyOutcome outcome) {
        notifies.get(outcome).increment();
    }

    public long notifies(NotifyOutcome outcome) {
        return notifies.get(outcome).sum();
    }

    /** Receives one (method, status, count) of {@link #forEachResponse}. */
    @FunctionalInterface
    public interface ResponseCount {
        void accept(String method, int status, long count);
    }

    /** Every (method, status) pair answered at least once, with its count. */
    public void forEachResponse(ResponseCount sink) {
        for (int slot = 0; slot < responses.length(); slot++) {
            LongAdder counter = responses.get(slot);
            if (counter != null) {
                sink.accept(METHODS.get(slot / STATUSES), STATUS_MIN + slot % STATUSES, counter.sum());
            }
        }
    }

    /**
     * The latency histogram of one method (one of {@link #METHODS}).
     *
     * @param upperBounds  bucket upper bounds in seconds, the last one {@code +Inf}
     * @param counts       per bucket, not cumulative
     * @param sumSeconds   the sum of all observations
     */
    public record Latency(List<Double> upperBounds, List<Long> counts, double sumSeconds) {
        public Latency {
            upperBounds = List.copyOf(upperBounds);
            counts = List.copyOf(counts);
        }

        public long count() {
            return counts.stream().mapToLong(Long::longValue).sum();
        }
    }

    public Latency latency(String method) {
        int m = methodIndex(method);
        List<Double> bounds = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int b = 0; b <= BOUNDS.length; b++) {
            bounds.add(b < BOUNDS.length ? BOUNDS[b] : Double.POSITIVE_INFINITY);
            counts.add(buckets[m][b].sum());
        }
        return new Latency(bounds, counts, latencyNanos[m].sum() / 1e9);
    }

    /** Index in {@link #METHODS}; a switch on the string, so nothing is allocated. */
    static int methodIndex(String method) {
        return switch (method) {
            case "SUBSCRIBE" -> 0;
            case "NOTIFY" -> 1;
            case "REGISTER" -> 2;
            case "PUBLISH" -> 3;
            case "OPTIONS" -> 4;
            case "INVITE" -> 5;
            case "BYE" -> 6;
            case "CANCEL" -> 7;
            case "MESSAGE" -> 8;
            case "INFO" -> 9;
            case "UPDATE" -> 10;
            case "PRACK" -> 11;
            case "REFER" -> 12;
            default -> 13;
        };
    }
}
