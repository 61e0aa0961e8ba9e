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
 */
public record WriterSettings(int queueCapacity, int maxBatch, Duration minBackoff, Duration maxBackoff,
                             Duration logInterval, Duration closeTimeout) {
    /** 8192 waiting commits, 512 per transaction, probes from 200 ms up to every 5 s, a log line per 30 s. */
    public static final WriterSettings DEFAULTS = new WriterSettings(8192, 512, Duration.ofMillis(200),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5));

    public WriterSettings {
        if (queueCapacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("queueCapacity and maxBatch must be positive");
        }
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(logInterval, "logInterval");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
        }
    }
}
