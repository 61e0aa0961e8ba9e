package org.presencegw.sip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipStatsTest {

    @Test
    void answered_countsByMethodAndStatus_unknownMethodsAsOther() {
        SipStats stats = new SipStats();
        stats.answered("SUBSCRIBE", 200, 1_000_000);
        stats.answered("SUBSCRIBE", 200, 2_000_000);
        stats.answered("SUBSCRIBE", 489, 100_000);
        stats.answered("FOO", 501, 100_000);
        List<String> seen = new ArrayList<>();
        stats.forEachResponse((method, status, count) -> seen.add(method + " " + status + " " + count));
        assertEquals(List.of("SUBSCRIBE 200 2", "SUBSCRIBE 489 1", "OTHER 501 1"), seen);
    }

    @Test
    void latency_bucketsBySecondsWithSum() {
        SipStats stats = new SipStats();
        stats.answered("REGISTER", 200, 300_000);      // 0.3 ms: first bucket (<= 0.5 ms)
        stats.answered("REGISTER", 200, 7_000_000);    // 7 ms: <= 10 ms
        stats.answered("REGISTER", 200, 9_000_000_000L); // 9 s: +Inf
        SipStats.Latency l = stats.latency("REGISTER");
        assertEquals(3, l.count());
        assertEquals(1, l.counts().get(0));
        assertEquals(1, l.counts().get(l.upperBounds().indexOf(0.01)));
        assertEquals(1, l.counts().get(l.counts().size() - 1));
        assertEquals(Double.POSITIVE_INFINITY, l.upperBounds().get(l.upperBounds().size() - 1));
        assertEquals(9.0073, l.sumSeconds(), 1e-9);
        assertEquals(0, stats.latency("PUBLISH").count());
    }

    @Test
    void notifyEnded_countsEachOutcome() {
        SipStats stats = new SipStats();
        stats.notifyEnded(SipStats.NotifyOutcome.ANSWERED);
        stats.notifyEnded(SipStats.NotifyOutcome.ANSWERED);
        stats.notifyEnded(SipStats.NotifyOutcome.TIMEOUT);
        assertEquals(2, stats.notifies(SipStats.NotifyOutcome.ANSWERED));
        assertEquals(1, stats.notifies(SipStats.NotifyOutcome.TIMEOUT));
        assertEquals(0, stats.notifies(SipStats.NotifyOutcome.ERROR));
    }
}
