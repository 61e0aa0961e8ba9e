package org.presencegw.sip.stack;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Log lines caused by remote input (issue 10): at most {@value #LINES_PER_WINDOW} lines per
 * {@value #WINDOW_SECONDS} s per instance, the rest counted and reported with the next line that gets through, and
 * every argument cut to a one-line excerpt of at most {@value #EXCERPT_CHARS} characters, control characters
 * escaped. A flood of malformed datagrams then writes a few short lines, never the datagrams. Thread-safe.
 */
public final class ThrottledLog {

    public static final int LINES_PER_WINDOW = 10;
    public static final int WINDOW_SECONDS = 10;
    public static final int EXCERPT_CHARS = 160;

    private final Logger log;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int lines;
    private long suppressed;

    public ThrottledLog(Logger log) {
        this(log, System::nanoTime);
    }

    ThrottledLog(Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    public void warn(String format, Object... args) {
        if (log.isWarnEnabled()) {
            long dropped = admit();
            if (dropped >= 0) {
                log.warn(format + note(dropped), excerpts(args));
            }
        }
    }

    public void info(String format, Object... args) {
        if (log.isInfoEnabled()) {
            long dropped = admit();
            if (dropped >= 0) {
                log.info(format + note(dropped), excerpts(args));
            }
        }
    }

    public void error(String format, Object... args) {
        if (log.isErrorEnabled()) {
            long dropped = admit();
            if (dropped >= 0) {
                log.error(format + note(dropped), excerpts(args));
            }
        }
    }

    /** Lines suppressed so far in this window (tests). */
    public synchronized long suppressed() {
        return suppressed;
    }

    /**
     * One line of {@code text}: control and non-ASCII characters as {@code \xNN} / {@code \\uNNNN}, at most
     * {@value #EXCERPT_CHARS} characters, then {@code ...(N chars)}.
     */
    public static String excerpt(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(text.length(), EXCERPT_CHARS) + 24);
        int i = 0;
        for (; i < text.length() && out.length() < EXCERPT_CHARS; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append(c == '\n' ? "\\n" : "\\r");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else if (c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < text.length()) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    private static Object[] excerpts(Object[] args) {
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i] instanceof Throwable ? excerpt(args[i].toString()) : excerpt(args[i]);
        }
        return out;
    }

    private static String note(long dropped) {
        return dropped > 0 ? " (" + dropped + " similar lines suppressed)" : "";
    }

    /** -1 when the line is suppressed, else how many were suppressed before it. */
    private synchronized long admit() {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)) {
            windowStart = now;
            lines = 0;
        }
        if (lines >= LINES_PER_WINDOW) {
            suppressed++;
            return -1;
        }
        lines++;
        long dropped = suppressed;
        suppressed = 0;
        return dropped;
    }
}
