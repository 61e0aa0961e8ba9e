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
 * @param gather        under load, how long the writer waits for more before it writes the next transaction;
 *                      zero: never
 * @param gatherFromRate the load from which the writer gathers: change lists per second, measured over 100 ms
 */
public record WriterSettings(int queueCapacity, int maxBatch, Duration minBackoff, Duration maxBackoff,
                             Duration logInterval, Duration closeTimeout, Duration gather, int gatherFromRate) {
    /** Change lists per second from which the writer gathers by default: 1 ms then lets about 3 more join. */
    public static final int GATHER_FROM_RATE = 3000;

    /**
     * 8192 waiting commits, 512 per transaction, probes from 200 ms up to every 5 s, a log line per 30 s, 1 ms of
     * gathering from {@value #GATHER_FROM_RATE} change lists per second. At 4000-5000 PUBLISH per second that
     * writes 2.5 times as many changes per sync and takes about 40 % off the writer's CPU, which the SIP threads get
     * back (bench/FINDINGS.md, session 14); at 1000 per second it would only delay the answers (session 15).
     */
    public static final WriterSettings DEFAULTS = new WriterSettings(8192, 512, Duration.ofMillis(200),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(1),
            GATHER_FROM_RATE);

    /** Without gathering. */
    public WriterSettings(int queueCapacity, int maxBatch, Duration minBackoff, Duration maxBackoff,
                          Duration logInterval, Duration closeTimeout) {
        this(queueCapacity, maxBatch, minBackoff, maxBackoff, logInterval, closeTimeout, Duration.ZERO,
                GATHER_FROM_RATE);
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
        if (gather.isNegative() || gatherFromRate < 1) {
            throw new IllegalArgumentException("need gather >= 0 and gatherFromRate >= 1");
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
        }
    }
}
