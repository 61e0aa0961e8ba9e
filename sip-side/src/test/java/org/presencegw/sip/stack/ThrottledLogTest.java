package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 10: log lines caused by remote input are rate-limited and carry only short excerpts. */
class ThrottledLogTest {

    @Test
    void flood_fewLinesPerWindow_thenSuppressedCountReported() {
        Logger logger = (Logger) LoggerFactory.getLogger("throttled-test-" + System.nanoTime());
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicLong now = new AtomicLong();
        ThrottledLog log = new ThrottledLog(logger, now::get);
        for (int i = 0; i < 1000; i++) {
            log.warn("bad message {}", "x".repeat(60_000));
        }
        assertEquals(ThrottledLog.LINES_PER_WINDOW, lines.list.size());
        now.addAndGet(TimeUnit.SECONDS.toNanos(ThrottledLog.WINDOW_SECONDS));
        log.warn("bad message {}", "y");
        String last = lines.list.get(lines.list.size() - 1).getFormattedMessage();
        assertTrue(last.endsWith("(990 similar lines suppressed)"), last);
        for (ILoggingEvent e : lines.list) {
            assertTrue(e.getFormattedMessage().length() < 300, "a short excerpt only");
        }
    }

    @Test
    void excerpt_oneLine_controlsEscaped_cut() {
        assertEquals("INVITE\\r\\n\\x00\\u00e9", ThrottledLog.excerpt("INVITE\r\n\u0000é"));
        String cut = ThrottledLog.excerpt("a".repeat(1000));
        assertTrue(cut.endsWith("...(1000 chars)"), cut);
        assertEquals(ThrottledLog.EXCERPT_CHARS + "...(1000 chars)".length(), cut.length());
    }
}
