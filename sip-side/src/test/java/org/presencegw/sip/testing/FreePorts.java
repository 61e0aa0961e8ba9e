package org.presencegw.sip.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks a loopback port that is free for both UDP and TCP (the RI refuses port 0). */
public final class FreePorts {

    private FreePorts() {
    }

    public static int pick() {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
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
}
