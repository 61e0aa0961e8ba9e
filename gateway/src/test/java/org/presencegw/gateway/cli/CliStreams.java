package org.presencegw.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Captured stdout / stderr of one in-process run, and a valid config on a free loopback port. */
final class CliStreams {
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** Asserts stderr is exactly one line, without stack-trace text, and returns it. */
    String oneErrorLine() {
        String text = err();
        assertEquals(1, text.lines().count(), text);
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("at org."), text);
        return text.strip();
    }

    static Path validConfig(Path dir) {
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            return Files.writeString(dir.resolve("gateway.yaml"), """
                    sip:
                      listen: 127.0.0.1
                      port: %d
                      transports: [tcp]
                    domains:
                      jabber.example.com: jabber
                      sip.example.com: registrar
                    xmpp:
                      host: 127.0.0.1
                      domain: jabber.example.com
                    accounts:
                      - sip: sip:alice@sip.example.com
                        jid: alice@jabber.example.com
                        password: alice-secret
                    """.formatted(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
