package org.presencegw.sip.stack;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the JAIN-SIP RI's own logging into SLF4J, so the stack needs no log4j at runtime
 * ({@code gov.nist.javax.sip.STACK_LOGGER}). The logger name is {@code gov.nist.javax.sip.<STACK_NAME>}.
 *
 * <p>Most of what the RI logs is caused by what peers send (a malformed datagram is logged whole, at ERROR), so
 * every line is cut to an excerpt ({@link ThrottledLog#excerpt}) and INFO, WARN and ERROR lines are rate-limited
 * ({@link ThrottledLog}); stack traces of RI exceptions go to DEBUG only (issue 10).
 */
public final class Slf4jStackLogger implements StackLogger {

    private volatile Logger log = LoggerFactory.getLogger("gov.nist.javax.sip");
    private volatile ThrottledLog throttled = new ThrottledLog(log);
    private volatile boolean enabled = true;

    /** Instantiated reflectively by the stack. */
    public Slf4jStackLogger() {
    }

    @Override
    public void setStackProperties(Properties properties) {
        String name = properties.getProperty("javax.sip.STACK_NAME");
        if (name != null) {
            log = LoggerFactory.getLogger("gov.nist.javax.sip." + name);
            throttled = new ThrottledLog(log);
        }
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }

    @Override
    public boolean isLoggingEnabled() {
        return enabled;
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        if (!enabled) {
            return false;
        }
        if (level >= TRACE_TRACE) {
            return log.isTraceEnabled();
        }
        if (level >= TRACE_DEBUG) {
            return log.isDebugEnabled();
        }
        if (level >= TRACE_INFO) {
            return log.isInfoEnabled();
        }
        if (level >= TRACE_WARN) {
            return log.isWarnEnabled();
        }
        return level > TRACE_NONE && log.isErrorEnabled();
    }

    @Override
    public void logStackTrace() {
        logStackTrace(TRACE_DEBUG);
    }

    @Override
    public void logStackTrace(int traceLevel) {
        if (isLoggingEnabled(traceLevel)) {
            log.debug("stack trace", new Throwable("stack trace"));
        }
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        throttled.warn("stack exception: {}", ex);
        log.debug("stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        if (log.isDebugEnabled()) {
            log.debug(ThrottledLog.excerpt(message));
        }
    }

    @Override
    public void logDebug(String message, Exception ex) {
        if (log.isDebugEnabled()) {
            log.debug(ThrottledLog.excerpt(message), ex);
        }
    }

    @Override
    public void logTrace(String message) {
        if (log.isTraceEnabled()) {
            log.trace(ThrottledLog.excerpt(message));
        }
    }

    @Override
    public void logFatalError(String message) {
        throttled.error("{}", message);
    }

    @Override
    public void logError(String message) {
        throttled.error("{}", message);
    }

    @Override
    public void logError(String message, Exception ex) {
        throttled.error("{}: {}", message, ex);
        log.debug("stack error", ex);
    }

    @Override
    public void logWarning(String message) {
        throttled.warn("{}", message);
    }

    @Override
    public void logInfo(String message) {
        throttled.info("{}", message);
    }

    @Override
    public void disableLogging() {
        enabled = false;
    }

    @Override
    public void enableLogging() {
        enabled = true;
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        log.debug("JAIN-SIP build {}", buildTimeStamp);
    }
}
