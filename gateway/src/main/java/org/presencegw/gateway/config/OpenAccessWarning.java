package org.presencegw.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The one-line warning of {@code --check-config} (and of the start log) when anyone who reaches the port can read
 * presence (issue 10): the gateway listens beyond loopback, some mapped users have no {@code sip_password}, and no
 * {@code sip.trusted_networks} is set to say that a proxy in front authenticates them.
 */
public final class OpenAccessWarning {
    private OpenAccessWarning() {
    }

    public static Optional<String> of(GatewayConfig config) {
        if (loopbackOnly(config.sip().listen()) || !config.protection().trustedNetworks().isEmpty()) {
            return Optional.empty();
        }
        List<String> open = config.accounts().stream().filter(m -> m.sipPassword().isEmpty())
                .map(m -> m.sip().uri()).toList();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("warning: sip.listen " + config.sip().listen() + " is reachable beyond this host, "
                + open.size() + " mapped user(s) have no sip_password (first: " + open.get(0) + ") and "
                + "sip.trusted_networks is not set: anyone who reaches the port can watch as them");
    }

    private static boolean loopbackOnly(String listen) {
        try {
            return InetAddress.getByName(listen).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
