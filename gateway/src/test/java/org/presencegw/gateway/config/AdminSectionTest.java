package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;
import static org.presencegw.gateway.config.ConfigFixtures.load;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code admin:} section; BASE has 13 lines, so the section starts at line 14 and its keys at 15. */
class AdminSectionTest {
    private static final String TOKEN = "0123456789abcdef-token";

    @TempDir
    Path dir;

    private static String with(String adminLines) {
        return BASE + "admin:\n" + adminLines;
    }

    @Test
    void parse_noAdminSection_noListener() throws Exception {
        assertEquals(Optional.empty(), load(dir, BASE).admin());
    }

    @Test
    void parse_emptyish_defaultsToLoopback8080WithoutToken() throws Exception {
        AdminSettings a = load(dir, with("  port: 8080\n")).admin().orElseThrow();
        assertEquals(InetAddress.getByName("127.0.0.1"), a.listen());
        assertEquals(8080, a.port());
        assertEquals(Optional.empty(), a.token());
    }

    @Test
    void parse_tokenEnv_readsTheEnvironmentAndNeverPrintsIt() throws Exception {
        GatewayConfig config = load(dir, with("  listen: 0.0.0.0\n  port: 9100\n  token_env: PRESENCEGW_ADMIN_TOKEN\n"),
                Map.of("PRESENCEGW_ADMIN_TOKEN", TOKEN)).config();
        AdminSettings a = config.admin().orElseThrow();
        assertEquals(Optional.of(TOKEN), a.token());
        assertFalse(a.toString().contains(TOKEN), a.toString());
        assertFalse(config.toString().contains(TOKEN));
    }

    @Test
    void parse_tokenFile_relativeToTheConfig() throws Exception {
        Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        AdminSettings a = load(dir, with("  listen: \"::1\"\n  token_file: admin.token\n")).admin().orElseThrow();
        assertEquals(Optional.of(TOKEN), a.token());
        assertTrue(a.listen().isLoopbackAddress());
    }

    @Test
    void parse_nonLoopbackWithoutToken_oneLineErrorAtListen() {
        assertProblem(failure(dir, with("  listen: 0.0.0.0\n")), 15,
                "admin.listen: 0.0.0.0 is not a loopback address: set token, token_env or token_file");
    }

    @Test
    void parse_wrongValues_oneLineErrors() {
        assertProblem(failure(dir, with("  listen: admin.example.com\n")), 15, "admin.listen: expected an IP address");
        assertProblem(failure(dir, with("  listen: 300.1.1.1\n")), 15, "admin.listen: expected an IP address");
        assertProblem(failure(dir, with("  port: 0\n")), 15, "admin.port: 0 is out of range (1..65535)");
        assertProblem(failure(dir, with("  port: http\n")), 15, "admin.port: expected an integer");
        assertProblem(failure(dir, with("  token: short\n")), 15, "admin.token: the token must have at least 16");
        assertProblem(failure(dir, with("  token: " + TOKEN + "\n  token_env: X\n")), 16, "give only one of token");
        assertProblem(failure(dir, with("  token_env: UNSET_ADMIN_TOKEN\n")), 15, "is not set or empty");
        assertProblem(failure(dir, with("  prot: 8080\n")), 15, "unknown key 'prot' in admin (did you mean 'port'?)");
    }

    @Test
    void parse_unknownKeyMessage_isOneLine() {
        ConfigException e = failure(dir, with("  listen: 0.0.0.0\n"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN));
    }
}
