package org.presencegw.gateway.cli;

/**
 * Runs the stop action from a JVM shutdown hook (SIGTERM, SIGINT), then halts with status 0: the gateway was
 * asked to stop and stopped, which is a clean exit, not the 143/130 a JVM reports for a signal by default.
 * Halting right after the stop action is safe because the console appender flushes every event.
 */
public final class JvmShutdownTrigger implements ShutdownTrigger {
    @Override
    public void onShutdown(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            Runtime.getRuntime().halt(0);
        }, "gateway-shutdown"));
    }
}
