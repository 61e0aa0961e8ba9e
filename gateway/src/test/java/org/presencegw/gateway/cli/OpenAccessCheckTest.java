package org.presencegw.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.Main;

/** Issue 10: {@code --check-config} warns (one line, exit 0) when anyone who reaches the port can watch. */
class OpenAccessCheckTest {
    @TempDir
    Path dir;

    private final CliStreams io = new CliStreams();

    /** {@code sip.advertise} keeps issue 15's wildcard warning (NetworkCheckConfigTest) out of these. */
    private Path config(String replaceListen, String extraSip) throws Exception {
        Path file = CliStreams.validConfig(dir);
        return Files.writeString(file, Files.readString(file).replace("listen: 127.0.0.1", replaceListen)
                .replace("  transports: [tcp]\n", "  transports: [tcp]\n  advertise: {host: sip.example.com}\n"
                        + extraSip));
    }

    @Test
    @DisplayName("SEC-04: open listener, users without sip_password, no trusted network: one warning line")
    void beyondLoopback_noPasswordNoTrustedNetwork_warningExit0() throws Exception {
        Path file = config("listen: 0.0.0.0", "");
        assertEquals(0, Main.run(new String[] {"--check-config", file.toString()}, io.out, io.err));
        assertTrue(io.out().startsWith(file + ": OK"), io.out());
        String warning = io.oneErrorLine();
        assertTrue(warning.startsWith(file + ": warning: sip.listen 0.0.0.0 is reachable beyond this host, 1 mapped"
                + " user(s) have no sip_password (first: sip:alice@sip.example.com)"), warning);
    }

    @Test
    void trustedNetworkSet_noWarning() throws Exception {
        Path file = config("listen: 0.0.0.0", "  trusted_networks: [10.0.0.0/8]\n");
        assertEquals(0, Main.run(new String[] {"--check-config", file.toString()}, io.out, io.err));
        assertEquals("", io.err());
    }

    @Test
    void loopbackOnly_noWarning() throws Exception {
        Path file = config("listen: 127.0.0.1", "");
        assertEquals(0, Main.run(new String[] {"--check-config", file.toString()}, io.out, io.err));
        assertEquals("", io.err());
    }
}
