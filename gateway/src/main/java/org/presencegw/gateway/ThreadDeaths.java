package org.presencegw.gateway;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that dies of an exception is logged as one line (ERROR), not as a stack trace on standard error (which
 * broke JSON logs): the stack goes to DEBUG. One case is expected and logged at DEBUG only: while the process
 * stops, Smack 4.4.8's reactor thread can die of a {@code NullPointerException} in
 * {@code SmackReactor.setInterestOpsCancelledKeySafe} for a connection being closed (seen in GatewayProcessIT).
 */
final class ThreadDeaths implements Thread.UncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadDeaths.class);

    private final BooleanSupplier stopping;

    ThreadDeaths(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    /** Installs the handler for the whole JVM; a shutdown hook marks the process as stopping. */
    static void install() {
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping.set(true), "thread-deaths-stopping"));
        Thread.setDefaultUncaughtExceptionHandler(new ThreadDeaths(stopping::get));
    }

    /** Whether the death is expected noise (DEBUG) rather than a fault (ERROR). */
    boolean expected(Thread thread) {
        return stopping.getAsBoolean() && thread.getName().startsWith("Smack ");
    }

    /** The one line that says which thread died of what. */
    static String line(Thread thread, Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip().lines().findFirst().orElse("");
        return "thread " + thread.getName() + " died: " + e.getClass().getName()
                + (message.isEmpty() ? "" : ": " + message);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        if (expected(thread)) {
            LOG.debug("{} (while stopping)", line(thread, e), e);
            return;
        }
        LOG.error(line(thread, e));
        LOG.debug("stack of the thread's death", e);
    }
}
