package org.presencegw.sip.stack;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the JAIN-SIP RI's own logging into SLF4J, so the stack needs no log4j at runtime
 * ({@code gov.nist.javax.sip.STACK_LOGGER}). The logger name is {@code gov.nist.javax.sip.<STACK_NAME>}.
 */
public final class Slf4jStackLogger implements StackLogger {

    private volatile Logger log = LoggerFactory.getLogger("gov.nist.javax.sip");
    private volatile boolean enabled = true;

    /** Instantiated reflectively by the stack. */
    public Slf4jStackLogger() {
    }

    @Override
    public void setStackProperties(Properties properties) {
        String name = properties.getProperty("javax.sip.STACK_NAME");
        if (name != null) {
            log = LoggerFactory.getLogger("gov.nist.javax.sip." + name);
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
        log.warn("stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        log.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        log.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        log.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        log.error(message);
    }

    @Override
    public void logError(String message) {
        log.error(message);
    }

    @Override
    public void logError(String message, Exception ex) {
        log.error(message, ex);
    }

    @Override
    public void logWarning(String message) {
        log.warn(message);
    }

    @Override
    public void logInfo(String message) {
        log.info(message);
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
