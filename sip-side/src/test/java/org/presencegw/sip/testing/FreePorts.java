package org.presencegw.sip.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks a loopback port that is free for both UDP and TCP (the RI refuses port 0). The port comes from below the
 * kernel's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 and up by default): a port the
 * kernel hands out itself can be taken between the pick and the bind by any outgoing connection, the gateway's own
 * XMPP login included (GatewayProcessIT failed once so: its SIP TCP bind refused while its account connected).
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;

    private FreePorts() {
    }

    public static int pick() {
        int below = ephemeralStart();
        IOException last = null;
        for (int attempt = 0; attempt < 200 && below > LOWEST; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            try {
                if (free(port)) {
                    return port;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        for (int attempt = 0; attempt < 50; attempt++) { // no room below the ephemeral range: take one of it
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket()) {
                    tcp.setReuseAddress(false);
                    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    return port;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("no free loopback port", last);
    }

    private static boolean free(int port) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, port));
             ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(false);
            tcp.bind(new InetSocketAddress(lo, port));
            return udp.getLocalPort() == port;
        } catch (java.net.BindException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range; 32768 when it cannot be read. */
    private static int ephemeralStart() {
        try {
            // readAllLines, not readString: on procfs readString returned the first byte only (JDK 17.0.15)
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                    .split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
