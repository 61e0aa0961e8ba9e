package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/** Writes YAML to a temp dir, loads it, and checks the one-line problem. */
final class ConfigFixtures {
    /** A valid config; line numbers are used by the tests that edit it. */
    static final String BASE = """
            sip:
              listen: 127.0.0.1
              port: 5060
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
            """;

    /** The head of {@link #BASE} (lines 1-9), for tests that append their own accounts from line 10. */
    static final String HEAD = BASE.substring(0, BASE.indexOf("accounts:"));

    private ConfigFixtures() {
    }

    static Path write(Path dir, String yaml) {
        try {
            return Files.writeString(dir.resolve("gateway.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadedConfig load(Path dir, String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env::get).read(write(dir, yaml));
    }

    static GatewayConfig load(Path dir, String yaml) throws ConfigException {
        return load(dir, yaml, Map.of()).config();
    }

    static ConfigException failure(Path dir, String yaml) {
        return failure(dir, yaml, Map.of());
    }

    static ConfigException failure(Path dir, String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> load(dir, yaml, env));
    }

    /** Asserts the line and a fragment of the problem, and that the message has the FILE:LINE: form. */
    static void assertProblem(ConfigException e, int line, String fragment) {
        assertEquals(OptionalInt.of(line), e.line(), e.getMessage());
        assertTrue(e.problem().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(e.file() + ":" + line + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    static Path resource(String name) {
        try {
            return Path.of(ConfigFixtures.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
