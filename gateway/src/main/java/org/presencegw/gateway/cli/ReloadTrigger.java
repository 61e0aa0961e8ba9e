package org.presencegw.gateway.cli;

/** Where the request to reload the configuration comes from (production: SIGHUP, {@link HangupSignal}). */
@FunctionalInterface
public interface ReloadTrigger {
    /** Arranges for {@code reload} to run each time a reload is requested. */
    void onReload(Runnable reload);

    /** No reload requests at all. */
    ReloadTrigger NONE = reload -> { };
}
