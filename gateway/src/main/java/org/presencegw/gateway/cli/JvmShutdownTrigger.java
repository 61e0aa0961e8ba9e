package org.presencegw.gateway.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT run the stop action on the JVM's signal thread, instead of the JVM's default for them (a
 * shutdown with status 143 or 130), so that {@code main} then returns 0 through {@code System.exit}: the gateway was
 * asked to stop and stopped, which is a clean exit. That exit runs the JVM's whole shutdown sequence, including the
 * deletion of files registered with {@code deleteOnExit}: the SQLite driver extracts its native library into the
 * temporary directory at every start and registers it so. (Until session 28 the stop ran in a shutdown hook that
 * then halted the JVM for status 0, which skipped that deletion: every stop left ~540 KB in {@code /tmp}.)
 *
 * <p>A shutdown hook stays for every other way the JVM may end (a signal this JVM keeps for itself, as under
 * {@code -Xrs}, or {@code main} returning after a failed start): it runs the stop action if it has not run, and
 * leaves the JVM's exit status as it is (it no longer halts with 0, which would have turned a failed start's 1
 * into 0 now that the trigger is registered before the start). The action runs once whichever comes first. A
 * second signal while it runs (a start or a close that takes long) exits at once with status 1.
 */
public final class JvmShutdownTrigger implements ShutdownTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(JvmShutdownTrigger.class);

    /**
     * What each signal does: the first runs {@code stop}; any later one, while that stop still runs (a start or a
     * close that takes long) or after it, calls {@code exit} with status 1: the operator wants out now, and the
     * JVM's normal exit still runs (its deleteOnExit included).
     */
    static Runnable onSignal(AtomicBoolean started, Runnable stop, IntConsumer exit) {
        return () -> {
            if (started.compareAndSet(false, true)) {
                stop.run();
            } else {
                LOG.warn("stop requested again: exiting without waiting for the gateway to close");
                exit.accept(1);
            }
        };
    }

    @Override
    public void onShutdown(Runnable stop) {
        AtomicBoolean started = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (started.compareAndSet(false, true)) {
                stop.run(); // no halt: the JVM's status stands (1 after a failed start, 143 under -Xrs)
            }
        }, "gateway-shutdown"));
        Runnable once = onSignal(started, stop, System::exit);
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                Signals.handle(signal, "SIG" + signal + ": stop the gateway", once);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.debug("SIG{} keeps the JVM's handling ({}); the shutdown hook stops the gateway", signal,
                        e.toString());
            }
        }
    }
}
