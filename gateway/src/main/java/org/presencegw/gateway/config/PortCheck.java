package org.presencegw.gateway.config;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.presencegw.sip.api.SipNetwork;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.stack.HostLiterals;
import org.presencegw.sip.stack.ListenAddresses;

/**
 * Tries to bind every address the gateway will listen on ({@code sip.listen}, wildcards expanded as the stack
 * expands them) on each configured transport's port and closes the sockets at once, so a port in use is reported
 * as a config problem ({@code sip.port: 127.0.0.1:5060/udp is already in use}) before anything starts. Used by
 * {@code --check-config} and at start.
 */
public final class PortCheck {
    private PortCheck() {
    }

    public static void check(LoadedConfig loaded) throws ConfigException {
        GatewayConfig config = loaded.config();
        SipNetwork network = config.sip().network();
        List<InetAddress> addresses;
        try {
            addresses = ListenAddresses.expand(network.listen());
        } catch (UnknownHostException e) {
            throw new ConfigException(config.file(), loaded.listenLine(), "sip.listen: cannot resolve "
                    + e.getMessage());
        }
        for (InetAddress address : addresses) {
            for (Transport transport : Transport.values()) {
                if (network.transports().contains(transport)) {
                    tryBind(loaded, address, transport, network.port(transport));
                }
            }
        }
    }

    private static void tryBind(LoadedConfig loaded, InetAddress address, Transport transport, int port)
            throws ConfigException {
        InetSocketAddress endpoint = new InetSocketAddress(address, port);
        String key = transport == Transport.TLS ? "sip.tls.port"
                : transport == Transport.WS ? "sip.websocket.port"
                : transport == Transport.WSS ? "sip.websocket.tls_port" : "sip.port";
        String where = HostLiterals.forUri(HostLiterals.text(address)) + ":" + port + "/" + transport.wire();
        OptionalInt portLine = key.equals("sip.port") ? loaded.portLine() : OptionalInt.empty();
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
                throw new ConfigException(loaded.config().file(), portLine, key + ": " + where + " is already in use");
            }
            boolean badAddress = reason.contains("assign");
            throw new ConfigException(loaded.config().file(), badAddress ? loaded.listenLine() : portLine,
                    (badAddress ? "sip.listen" : key) + ": cannot bind " + where + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException(loaded.config().file(), portLine,
                    key + ": cannot bind " + where + " (" + e.getMessage() + ")");
        }
    }
}
