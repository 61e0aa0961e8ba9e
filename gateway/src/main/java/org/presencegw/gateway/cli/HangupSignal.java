package org.presencegw.gateway.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads the configuration, instead of the JVM's default for it (shutting down), through {@link Signals}.
 * Where the JVM does not allow it, one warning says that SIGHUP keeps its default. A process started with SIGHUP
 * ignored (under {@code nohup}) keeps ignoring it whatever Java asks; one warning says so.
 */
public final class HangupSignal implements ReloadTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    @Override
    public void onReload(Runnable reload) {
        try {
            if (Signals.handle("HUP", "SIGHUP: reload the configuration", reload)) {
                LOG.warn("SIGHUP is ignored by this process (it was started with SIGHUP ignored, e.g. under nohup):"
                        + " it will not reload the configuration; use POST /api/reload, or start without nohup");
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("SIGHUP cannot be used to reload the configuration here ({}); it stops the gateway", e);
        }
    }
}
