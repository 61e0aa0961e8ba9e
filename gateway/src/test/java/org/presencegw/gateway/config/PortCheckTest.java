package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortCheckTest {
    @TempDir
    Path dir;

    private LoadedConfig config(int port, String transports) throws ConfigException {
        return ConfigFixtures.load(dir, BASE.replace("  port: 5060\n",
                "  port: " + port + "\n  transports: " + transports + "\n"), Map.of());
    }

    @Test
    void check_udpPortHeld_inUseAtPortLine() throws Exception {
        try (DatagramSocket held = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = held.getLocalPort();
            ConfigException e = assertThrows(ConfigException.class, () -> PortCheck.check(config(port, "[udp]")));
            assertProblem(e, 3, "sip.port: 127.0.0.1:" + port + "/udp is already in use");
        }
    }

    @Test
    void check_tcpPortHeld_inUseAtPortLine() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            ConfigException e = assertThrows(ConfigException.class, () -> PortCheck.check(config(port, "[tcp]")));
            assertProblem(e, 3, "sip.port: 127.0.0.1:" + port + "/tcp is already in use");
        }
    }

    @Test
    void check_tcpHeldButOnlyUdpConfigured_passes() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            LoadedConfig loaded = config(port, "[udp]");
            assertDoesNotThrow(() -> PortCheck.check(loaded));
        }
    }

    @Test
    void check_freePortBothTransports_passesAndReleasesPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        LoadedConfig loaded = config(port, "[udp, tcp]");
        PortCheck.check(loaded);
        assertDoesNotThrow(() -> PortCheck.check(loaded), "the check closes what it binds");
    }

    @Test
    void check_addressNotLocal_cannotBindAtListenLine() throws Exception {
        LoadedConfig loaded = ConfigFixtures.load(dir, BASE.replace("listen: 127.0.0.1", "listen: 192.0.2.77"),
                Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> PortCheck.check(loaded));
        assertProblem(e, 2, "sip.listen: cannot bind 192.0.2.77:5060/udp");
    }
}
