package org.presencegw.gateway.store.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger logs (logback), for tests that count log lines or wait for one. Remove it with
 * {@link #close()}. Thread-safe.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level previous;
    private final List<ILoggingEvent> events = new ArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            synchronized (events) {
                events.add(event);
                events.notifyAll();
            }
        }
    };

    private LogCapture(String name, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        this.previous = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures at the configured level. */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName, null);
    }

    /** Captures with the logger set to {@code level} until closed. */
    public static LogCapture of(String loggerName, Level level) {
        return new LogCapture(loggerName, level);
    }

    /** Events at {@code level} so far. */
    public List<ILoggingEvent> at(Level level) {
        synchronized (events) {
            return events.stream().filter(e -> e.getLevel() == level).toList();
        }
    }

    /** Waits until {@code count} events at {@code level} were logged; fails after {@code timeoutSeconds}. */
    public void await(Level level, int count, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        synchronized (events) {
            while (at(level).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited for " + count + " " + level + " lines of " + logger.getName()
                            + ", got " + at(level).size());
                }
                events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previous);
    }
}
