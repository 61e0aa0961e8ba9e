package org.presencegw.gateway.cli;

import org.presencegw.gateway.config.GatewayConfig;

/** A running gateway that can take a new configuration without a restart (SIGHUP, the admin API). */
public interface Reloadable extends AutoCloseable {

    /**
     * Applies what can change at run time and says, in the log, what needs a restart. Never throws for a valid
     * configuration: account problems (a login that fails) are the accounts' own log lines, as at start-up.
     */
    void reload(GatewayConfig next);

    /**
     * How to reload the configuration file the way SIGHUP does (read it, check it, then {@link #reload}), for the
     * admin API's reload action; the command line hands it over once the gateway runs.
     */
    default void reloadWith(Runnable reloadFromFile) {
    }

    /** Stops the gateway; throws nothing checked (and never InterruptedException, which -Xlint:try warns of). */
    @Override
    void close();
}
