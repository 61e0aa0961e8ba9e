package org.presencegw.gateway.cli;

/** Where the request to stop a running gateway comes from (production: SIGTERM / SIGINT via a JVM hook). */
@FunctionalInterface
public interface ShutdownTrigger {
    /** Arranges for {@code stop} to run once when shutdown is requested. */
    void onShutdown(Runnable stop);
}
