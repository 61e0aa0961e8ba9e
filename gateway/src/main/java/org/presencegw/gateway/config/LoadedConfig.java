package org.presencegw.gateway.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A validated configuration plus the lines later checks need to name (the bind can only be tried after
 * loading; see {@link PortCheck}).
 *
 * @param config     the configuration
 * @param portLine   line of {@code sip.port} (of the {@code sip:} key when the default is used)
 * @param listenLine line of {@code sip.listen}
 */
public record LoadedConfig(GatewayConfig config, OptionalInt portLine, OptionalInt listenLine) {
    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(portLine, "portLine");
        Objects.requireNonNull(listenLine, "listenLine");
    }
}
