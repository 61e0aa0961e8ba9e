package org.presencegw.gateway.cli;

import org.presencegw.gateway.config.GatewayConfig;

/** Starts the gateway for a validated configuration; closing the result stops it. Production: {@code Gateway::start}. */
@FunctionalInterface
public interface GatewayLauncher {
    /**
     * @return the running gateway; {@link AutoCloseable#close()} stops it
     * @throws Exception when it cannot start; the message should be one line for the operator
     */
    AutoCloseable start(GatewayConfig config) throws Exception;
}
