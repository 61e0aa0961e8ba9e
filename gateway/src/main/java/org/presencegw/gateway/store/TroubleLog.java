package org.presencegw.gateway.store;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Rate-limited log lines about store trouble: at most one WARN per {@link FailureKind} per interval (30 s by
 * default), and at most one INFO "recovered" per interval. Lines are one line each and never carry a stack trace
 * (DESIGN.md: a misbehaving peer, here the disk or the database, costs only itself, log lines included). Lines left
 * out are counted and the count is added to the next line of the same kind.
 *
 * <p>Thread-safe (synchronized; called by the writer thread only, so it never contends).
 */
final class TroubleLog {
    private final Logger log;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final Map<FailureKind, Long> lastWarned = new EnumMap<>(FailureKind.class);
    private final Map<FailureKind, Integer> skipped = new EnumMap<>(FailureKind.class);
    private long lastRecovered;
    private boolean recoveredEver;
    private int recoveredSkipped;

    TroubleLog(Logger log, LongSupplier nanoClock, Duration interval) {
        this.log = Objects.requireNonNull(log, "log");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code store <kind>: <line>} at WARN unless a line of this kind went out less than an interval ago. */
    synchronized boolean warn(FailureKind kind, String store, String line) {
        long now = nanoClock.getAsLong();
        Long last = lastWarned.get(kind);
        if (last != null && now - last < intervalNanos) {
            skipped.merge(kind, 1, Integer::sum);
            return false;
        }
        lastWarned.put(kind, now);
        Integer more = skipped.remove(kind);
        log.warn("store {} {}: {}{}{}", store, kind.label(), Messages.firstLine(line),
                kind.storeTrouble() ? "; commits fail until it recovers" : "",
                more == null ? "" : " (" + more + " similar failures not logged)");
        return true;
    }

    /** Logs {@code store recovered} at INFO, rate-limited like {@link #warn}. */
    synchronized boolean recovered(String store, Duration downFor) {
        long now = nanoClock.getAsLong();
        if (recoveredEver && now - lastRecovered < intervalNanos) {
            recoveredSkipped++;
            return false;
        }
        recoveredEver = true;
        lastRecovered = now;
        int more = recoveredSkipped;
        recoveredSkipped = 0;
        log.info("store {} recovered after {} ms{}", store, downFor.toMillis(),
                more == 0 ? "" : " (" + more + " earlier recoveries not logged)");
        return true;
    }
}
