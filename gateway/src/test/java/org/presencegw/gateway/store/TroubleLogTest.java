package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.presencegw.gateway.store.testing.LogCapture;
import org.slf4j.LoggerFactory;

class TroubleLogTest {
    private static final String NAME = "test.trouble";
    private final AtomicLong now = new AtomicLong(1_000);
    private final LogCapture capture = LogCapture.of(NAME, Level.INFO);
    private final TroubleLog log = new TroubleLog(LoggerFactory.getLogger(NAME), now::get, Duration.ofSeconds(30));

    @AfterEach
    void detach() {
        capture.close();
    }

    private List<String> warnings() {
        return capture.at(Level.WARN).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void warn_sameKindWithin30s_loggedOnce_thenAgainWithTheSkippedCount() {
        assertTrue(log.warn(FailureKind.DISK_FULL, "embedded /d", "database or disk is full"));
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertFalse(log.warn(FailureKind.DISK_FULL, "embedded /d", "again"));
        assertFalse(log.warn(FailureKind.DISK_FULL, "embedded /d", "again"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(log.warn(FailureKind.DISK_FULL, "embedded /d", "still full"));

        assertEquals(List.of("store embedded /d disk full: database or disk is full; commits fail until it recovers",
                "store embedded /d disk full: still full; commits fail until it recovers (2 similar failures not "
                        + "logged)"), warnings());
    }

    @Test
    void warn_otherKind_hasItsOwnLimit() {
        assertTrue(log.warn(FailureKind.DISK_FULL, "s", "full"));
        assertTrue(log.warn(FailureKind.UNAVAILABLE, "s", "refused"));
        assertFalse(log.warn(FailureKind.UNAVAILABLE, "s", "refused"));
        assertEquals(2, warnings().size());
    }

    @Test
    void warn_multiLineReason_oneLineWithoutStackTrace() {
        log.warn(FailureKind.OTHER, "s", "ERROR: boom\n  Detail: more\n  Where: here");
        assertEquals(List.of("store s write failed: ERROR: boom; commits fail until it recovers"), warnings());
        assertNull(capture.at(Level.WARN).get(0).getThrowableProxy());
    }

    @Test
    void warn_rejectedChange_doesNotClaimTheStoreIsDown() {
        log.warn(FailureKind.REJECTED, "s", "value too long");
        assertEquals(List.of("store s change rejected: value too long"), warnings());
    }

    @Test
    void recovered_rateLimitedToo() {
        assertTrue(log.recovered("s", Duration.ofMillis(1500)));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertFalse(log.recovered("s", Duration.ofMillis(10)));
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertTrue(log.recovered("s", Duration.ofMillis(20)));
        assertEquals(List.of("store s recovered after 1500 ms",
                "store s recovered after 20 ms (1 earlier recoveries not logged)"),
                capture.at(Level.INFO).stream().map(ILoggingEvent::getFormattedMessage).toList());
    }
}
