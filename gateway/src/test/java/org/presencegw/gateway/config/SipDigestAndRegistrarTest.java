package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;
import static org.presencegw.gateway.config.ConfigFixtures.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sip_password*} keys of account mappings and the {@code registrar:} section. */
class SipDigestAndRegistrarTest {
    @TempDir
    Path dir;

    @Test
    void parse_noSipPassword_userNeedsNoAuthentication() throws Exception {
        GatewayConfig c = load(dir, BASE);
        assertEquals(Optional.empty(), c.accounts().get(0).sipPassword());
        assertFalse(c.registrar().allowUnknownUsers(), "default: unknown users are refused");
    }

    @Test
    void parse_sipPasswordInline_isKeptAndHiddenFromToString() throws Exception {
        GatewayConfig c = load(dir, BASE + "    sip_password: phone-secret\n");
        assertEquals(Optional.of("phone-secret"), c.accounts().get(0).sipPassword());
        assertFalse(c.accounts().get(0).toString().contains("phone-secret"));
        assertFalse(c.accounts().get(0).toString().contains("alice-secret"));
    }

    @Test
    void parse_sipPasswordEnvAndFile_areRead() throws Exception {
        GatewayConfig env = ConfigFixtures.load(dir, BASE + "    sip_password_env: ALICE_SIP\n",
                Map.of("ALICE_SIP", "from-env")).config();
        assertEquals(Optional.of("from-env"), env.accounts().get(0).sipPassword());
        Files.writeString(dir.resolve("alice.sip"), "from-file\n");
        GatewayConfig file = load(dir, BASE + "    sip_password_file: alice.sip\n");
        assertEquals(Optional.of("from-file"), file.accounts().get(0).sipPassword());
    }

    @Test
    void parse_twoSipPasswordKeys_rejectedOnTheSecond() {
        assertProblem(failure(dir, BASE + "    sip_password: a\n    sip_password_env: B\n"), 15,
                "give only one of sip_password, sip_password_env, sip_password_file");
    }

    @Test
    void parse_sipPasswordEnvUnset_rejectedWithoutSecret() {
        ConfigException e = failure(dir, BASE + "    sip_password_env: NOPE_UNSET\n", Map.of());
        assertProblem(e, 14, "environment variable NOPE_UNSET is not set or empty");
    }

    @Test
    void parse_sipPasswordFileMissing_rejected() {
        assertProblem(failure(dir, BASE + "    sip_password_file: missing.txt\n"), 14, "cannot read password file");
    }

    @Test
    void parse_registrarAllowUnknownUsers_true() throws Exception {
        assertTrue(load(dir, BASE + "registrar:\n  allow_unknown_users: true\n").registrar().allowUnknownUsers());
    }

    @Test
    void parse_registrarBadBoolean_rejected() {
        assertProblem(failure(dir, BASE + "registrar:\n  allow_unknown_users: maybe\n"), 15,
                "allow_unknown_users must be true or false");
    }

    @Test
    void parse_registrarUnknownKey_rejected() {
        assertProblem(failure(dir, BASE + "registrar:\n  allow_unknown: true\n"), 15, "allow_unknown");
    }
}
