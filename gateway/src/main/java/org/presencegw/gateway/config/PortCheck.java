package org.presencegw.gateway.config;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import org.presencegw.sip.api.Transport;

/**
 * Tries to bind {@code sip.listen:sip.port} on each configured transport and closes the sockets at once, so a
 * port in use is reported as a config problem ({@code sip.port: 127.0.0.1:5060/udp is already in use}) before
 * anything starts. Used by {@code --check-config} and at start.
 */
public final class PortCheck {
    private PortCheck() {
    }

    public static void check(LoadedConfig loaded) throws ConfigException {
        GatewayConfig config = loaded.config();
        SipSettings sip = config.sip();
        Path file = config.file();
        InetAddress address;
        try {
            address = InetAddress.getByName(sip.listen());
        } catch (UnknownHostException e) {
            throw new ConfigException(file, loaded.listenLine(), "sip.listen: cannot resolve " + sip.listen());
        }
        for (Transport transport : Transport.values()) {
            if (sip.transports().contains(transport)) {
                tryBind(loaded, address, transport);
            }
        }
    }

    private static void tryBind(LoadedConfig loaded, InetAddress address, Transport transport)
            throws ConfigException {
        SipSettings sip = loaded.config().sip();
        InetSocketAddress endpoint = new InetSocketAddress(address, sip.port());
        String where = sip.listen() + ":" + sip.port() + "/" + transport.wire();
        try {
            if (transport == Transport.UDP) {
                new DatagramSocket(endpoint).close();
            } else {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(endpoint);
                }
            }
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (reason.contains("in use")) {
                throw new ConfigException(loaded.config().file(), loaded.portLine(),
                        "sip.port: " + where + " is already in use");
            }
            OptionalInt line = reason.contains("assign") ? loaded.listenLine() : loaded.portLine();
            String key = reason.contains("assign") ? "sip.listen" : "sip.port";
            throw new ConfigException(loaded.config().file(), line,
                    key + ": cannot bind " + where + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException(loaded.config().file(), loaded.portLine(),
                    "sip.port: cannot bind " + where + " (" + e.getMessage() + ")");
        }
    }
}
