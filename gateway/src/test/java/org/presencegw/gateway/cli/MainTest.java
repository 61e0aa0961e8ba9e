package org.presencegw.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.gateway.Main;

/** The real command line, in-process, on the paths that never start the gateway. */
class MainTest {
    @TempDir
    Path dir;

    private final CliStreams io = new CliStreams();

    private int run(String... args) {
        return Main.run(args, io.out, io.err);
    }

    @Test
    void run_checkConfigValid_okLineExit0() {
        Path file = CliStreams.validConfig(dir);

        assertEquals(0, run("--check-config", file.toString()));
        assertEquals(file + ": OK (2 domains, 1 account)\n", io.out());
        assertEquals("", io.err());
    }

    @Test
    void run_checkConfigEqualsForm_exit0() {
        Path file = CliStreams.validConfig(dir);

        assertEquals(0, run("--check-config=" + file));
    }

    @Test
    void run_checkConfigUnknownKey_oneLineWithFileAndLineExit2() throws Exception {
        Path file = CliStreams.validConfig(dir);
        Files.writeString(file, Files.readString(file).replace("  transports:", "  transport:"));

        assertEquals(2, run("--check-config", file.toString()));
        assertEquals(file + ":4: unknown key 'transport' in sip (did you mean 'transports'?)", io.oneErrorLine());
        assertEquals("", io.out());
    }

    @Test
    void run_checkConfigPortInUse_oneLineExit2() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path file = CliStreams.validConfig(dir);
            Files.writeString(file, Files.readString(file).replaceFirst("port: [0-9]+", "port: " + held.getLocalPort()));

            assertEquals(2, run("--check-config", file.toString()));
            assertEquals(file + ":3: sip.port: 127.0.0.1:" + held.getLocalPort() + "/tcp is already in use",
                    io.oneErrorLine());
        }
    }

    @Test
    void run_checkConfigBadYaml_oneLineExit2() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "sip:\n  listen: [127.0.0.1\n");

        assertEquals(2, run("--check-config", file.toString()));
        assertTrue(io.oneErrorLine().startsWith(file + ":"), io.err());
    }

    @Test
    void run_checkConfigMissingFile_oneLineExit2() {
        Path file = dir.resolve("missing.yaml");

        assertEquals(2, run("--check-config", file.toString()));
        assertEquals(file + ": no such file", io.oneErrorLine());
    }

    @Test
    void run_configWithBadConfig_exit2BeforeStarting() throws Exception {
        Path file = CliStreams.validConfig(dir);
        Files.writeString(file, Files.readString(file).replace("registrar", "proxy"));

        assertEquals(2, run("--config", file.toString()));
        assertTrue(io.oneErrorLine().contains(":7: domains: unknown presence source 'proxy'"), io.err());
    }

    @Test
    void run_unknownFlag_usageLineExit2() {
        assertEquals(2, run("--verbose"));
        String line = io.oneErrorLine();
        assertTrue(line.startsWith("unknown option '--verbose'; usage: "), line);
    }

    @Test
    void run_configWithoutFile_usageLineExit2() {
        assertEquals(2, run("--config"));
        assertTrue(io.oneErrorLine().startsWith("--config needs a FILE; usage: "), io.err());
    }

    @Test
    void run_noArguments_usageLineExit2() {
        assertEquals(2, run());
        assertTrue(io.oneErrorLine().contains("usage: "), io.err());
    }

    @Test
    void run_extraArgument_usageLineExit2() {
        assertEquals(2, run("--check-config", "a.yaml", "b.yaml"));
        assertTrue(io.oneErrorLine().startsWith("unexpected argument 'b.yaml'"), io.err());
    }

    @Test
    void run_help_usageOnStdoutExit0() {
        assertEquals(0, run("--help"));
        assertTrue(io.out().startsWith(CommandLine.USAGE + "\n"), io.out());
        assertEquals("", io.err());
    }

    @Test
    void run_version_oneLineExit0() {
        assertEquals(0, run("--version"));
        assertTrue(io.out().matches("presence-gateway \\S.*\\n"), io.out());
    }
}
