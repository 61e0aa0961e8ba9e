package org.presencegw.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.Main;
import org.presencegw.sip.stack.ListenAddresses;

/** {@code --check-config} on the network keys of issue 15: advertise without host, wildcard warnings. */
class NetworkCheckConfigTest {
    @TempDir
    Path dir;

    /** Keeps issue 10's open-access warning (its own test: OpenAccessCheckTest) out of these. */
    private static final String TRUSTED = "  trusted_networks: [10.0.0.0/8]\n";

    private final CliStreams io = new CliStreams();

    private int check(Path file) {
        return Main.run(new String[] {"--check-config", file.toString()}, io.out, io.err);
    }

    @Test
    void checkConfig_advertiseWithoutHost_oneLineExit2() throws Exception {
        Path file = CliStreams.validConfig(dir);
        Files.writeString(file, Files.readString(file).replace("  transports: [tcp]\n",
                "  transports: [tcp]\n  advertise: {port: 5070}\n"));

        assertEquals(2, check(file));
        assertEquals(file + ":5: sip.advertise: missing key 'host'", io.oneErrorLine());
    }

    @Test
    void checkConfig_wildcardWithoutAdvertise_warnsOnlyWhenTheMachineHasSeveralAddresses_exit0() throws Exception {
        Path file = CliStreams.validConfig(dir);
        Files.writeString(file, Files.readString(file).replace("listen: 127.0.0.1", "listen: 0.0.0.0")
                .replace("  transports: [tcp]\n", "  transports: [tcp]\n" + TRUSTED));

        assertEquals(0, check(file));
        assertTrue(io.out().startsWith(file + ": OK"), io.out());
        List<String> warnings = io.err().lines().toList();
        if (ListenAddresses.nonLoopback().size() > 1) {
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith(file + ": warning: sip.listen: a wildcard listens on "),
                    warnings.get(0));
        } else {
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void checkConfig_wildcardWithAdvertise_noWarning() throws Exception {
        Path file = CliStreams.validConfig(dir);
        Files.writeString(file, Files.readString(file).replace("listen: 127.0.0.1", "listen: 0.0.0.0")
                .replace("  transports: [tcp]\n", "  transports: [tcp]\n  advertise: {host: sip.example.com}\n" + TRUSTED));

        assertEquals(0, check(file));
        assertEquals("", io.err());
    }
}
