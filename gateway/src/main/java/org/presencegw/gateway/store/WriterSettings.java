package org.presencegw.gateway.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How the writer thread works.
 *
 * @param queueCapacity commits that may wait for the writer; one more fails at once with
 *                      {@link FailureKind#QUEUE_FULL}
 * @param maxBatch      commits written in one transaction at most
 * @param minBackoff    first wait before probing a store that went down; doubles after each failed probe
 * @param maxBackoff    longest wait between probes
 * @param logInterval   at most one log line per {@link FailureKind} per interval
 * @param closeTimeout  how long {@link GatewayStore#close()} waits for queued commits to be written
 * @param gather        under load (the last transaction held several commits, or several wait already), how
 *                      long the writer waits for more before it writes the next transaction; zero: never
 */
public record WriterSettings(int queueCapacity, int maxBatch, Duration minBackoff, Duration maxBackoff,
                             Duration logInterval, Duration closeTimeout, Duration gather) {
    /**
     * 8192 waiting commits, 512 per transaction, probes from 200 ms up to every 5 s, a log line per 30 s, 1 ms of
     * gathering under load. At 4000-5000 PUBLISH per second that writes 2.5 times as many changes per sync and
     * takes about 40 % off the writer's CPU, which the SIP threads get back (bench/FINDINGS.md, session 14).
     */
    public static final WriterSettings DEFAULTS = new WriterSettings(8192, 512, Duration.ofMillis(200),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(1));

    /** Without gathering. */
    public WriterSettings(int queueCapacity, int maxBatch, Duration minBackoff, Duration maxBackoff,
                          Duration logInterval, Duration closeTimeout) {
        this(queueCapacity, maxBatch, minBackoff, maxBackoff, logInterval, closeTimeout, Duration.ZERO);
    }

    public WriterSettings {
        if (queueCapacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("queueCapacity and maxBatch must be positive");
        }
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(logInterval, "logInterval");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(gather, "gather");
        if (gather.isNegative()) {
            throw new IllegalArgumentException("gather < 0: " + gather);
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
        }
    }
}
