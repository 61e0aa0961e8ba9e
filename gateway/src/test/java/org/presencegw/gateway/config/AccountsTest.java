package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.HEAD;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {
    @TempDir
    Path dir;

    private static final String BOB = "  - sip: sip:bob@sip.example.com\n    jid: bob@jabber.example.com\n"
            + "    password: bob-secret\n";

    @Test
    void parse_sipWithoutScheme_badSipUri() {
        assertProblem(failure(dir, BASE.replace("- sip: sip:alice@", "- sip: alice@")), 11,
                "accounts[0].sip: bad SIP URI: no URI scheme");
    }

    @Test
    void parse_sipWithoutUser_badSipUri() {
        assertProblem(failure(dir, BASE.replace("sip:alice@sip.example.com", "sip:sip.example.com")), 11,
                "bad SIP URI: no user@host");
    }

    @Test
    void parse_sipHttpScheme_badSipUri() {
        assertProblem(failure(dir, BASE.replace("sip:alice@sip.example.com", "http://alice@sip.example.com")), 11,
                "bad SIP URI: scheme must be sip or sips");
    }

    @Test
    void parse_sipDomainNotServed_rejected() {
        assertProblem(failure(dir, BASE.replace("alice@sip.example.com", "alice@pbx.example.net")), 11,
                "domain pbx.example.net of sip:alice@pbx.example.net is not listed under domains");
    }

    @Test
    void parse_sipWithGr_rejected() {
        assertProblem(failure(dir, BASE.replace("alice@sip.example.com", "alice@sip.example.com;gr=desk")), 11,
                "has a gr parameter");
    }

    @Test
    void parse_jidWithResource_rejected() {
        assertProblem(failure(dir, BASE.replace("jid: alice@jabber.example.com", "jid: alice@jabber.example.com/pc")),
                12, "accounts[0].jid: 'alice@jabber.example.com/pc' must be a bare JID (no /resource)");
    }

    @Test
    void parse_jidWithoutLocalpart_rejected() {
        assertProblem(failure(dir, BASE.replace("jid: alice@jabber.example.com", "jid: jabber.example.com")), 12,
                "is not a JID of the form user@domain");
    }

    @Test
    void parse_jidInvalidCharacters_rejected() {
        assertProblem(failure(dir, BASE.replace("jid: alice@jabber.example.com", "jid: \"al ice@jabber.example.com\"")),
                12, "is not a valid JID");
    }

    @Test
    void parse_missingJid_namesEntryLine() {
        assertProblem(failure(dir, BASE.replace("    jid: alice@jabber.example.com\n", "")), 11,
                "accounts[0]: missing key 'jid'");
    }

    @Test
    void parse_missingSip_namesEntryLine() {
        String yaml = HEAD + "accounts:\n  - jid: alice@jabber.example.com\n    password: x\n";
        assertProblem(failure(dir, yaml), 11, "accounts[0]: missing key 'sip'");
    }

    @Test
    void parse_duplicateSipAor_namesBothLines() {
        String yaml = BASE + BOB.replace("sip:bob@", "sip:alice@");
        ConfigException e = failure(dir, yaml);
        assertProblem(e, 14, "accounts[1].sip: duplicate mapping for sip:alice@sip.example.com (first at line 11)");
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void parse_duplicateJidDifferentCase_namesBothLines() {
        String yaml = BASE + BOB.replace("bob@jabber", "ALICE@jabber");
        assertProblem(failure(dir, yaml), 15,
                "accounts[1].jid: duplicate mapping for alice@jabber.example.com (first at line 12)");
    }

    @Test
    void parse_accountIsScalar_expectedMapping() {
        assertProblem(failure(dir, HEAD + "accounts:\n  - sip:alice@sip.example.com\n"), 11,
                "accounts[0]: expected a mapping, found a string");
    }

    @Test
    void parse_accountsMapping_expectedList() {
        assertProblem(failure(dir, HEAD + "accounts:\n  alice: x\n"), 11, "accounts: expected a list, found a mapping");
    }

    @Test
    void parse_bridgeAlsoMapped_rejected() {
        String yaml = BASE.replace("  domain: jabber.example.com\n", "  domain: jabber.example.com\n"
                + "  bridge_account:\n    jid: alice@jabber.example.com\n    password: gw-secret\n");
        ConfigException e = failure(dir, yaml);
        assertProblem(e, 15, "alice@jabber.example.com is the bridge account (line 11)");
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void parse_noPassword_listsTheThreeKeys() {
        assertProblem(failure(dir, BASE.replace("    password: alice-secret\n", "")), 11,
                "accounts[0]: missing password (give one of password, password_env, password_file)");
    }

    @Test
    void parse_twoPasswordKeys_namesBothLines() {
        ConfigException e = failure(dir, BASE + "    password_env: ALICE_PW\n", Map.of("ALICE_PW", "x"));
        assertProblem(e, 14, "give only one of password, password_env, password_file (also password at line 13)");
        assertFalse(e.getMessage().contains("alice-secret"));
    }

    @Test
    void parse_passwordEnvUnset_namesVariableOnly() {
        assertProblem(failure(dir, BASE.replace("password: alice-secret", "password_env: ALICE_PW")), 13,
                "accounts[0].password_env: environment variable ALICE_PW is not set or empty");
    }

    @Test
    void parse_passwordEnvEmpty_rejected() {
        assertProblem(failure(dir, BASE.replace("password: alice-secret", "password_env: ALICE_PW"),
                Map.of("ALICE_PW", "")), 13, "environment variable ALICE_PW is not set or empty");
    }

    @Test
    void parse_passwordEnvBadName_rejected() {
        assertProblem(failure(dir, BASE.replace("password: alice-secret", "password_env: \"ALICE-PW\"")), 13,
                "'ALICE-PW' is not an environment variable name");
    }

    @Test
    void parse_passwordFileMissing_rejected() {
        assertProblem(failure(dir, BASE.replace("password: alice-secret", "password_file: alice.pw")), 13,
                "cannot read password file " + dir.resolve("alice.pw") + " (no such file)");
    }

    @Test
    void parse_passwordFileIsDirectory_rejected() throws Exception {
        Files.createDirectory(dir.resolve("pwdir"));
        assertProblem(failure(dir, BASE.replace("password: alice-secret", "password_file: pwdir")), 13,
                "cannot read password file " + dir.resolve("pwdir") + " (not a regular file)");
    }

    @Test
    void parse_passwordFileOnlyNewlines_empty() throws Exception {
        Files.writeString(dir.resolve("alice.pw"), "\n\n");
        assertProblem(failure(dir, BASE.replace("password: alice-secret", "password_file: alice.pw")), 13,
                "is empty");
    }

    @Test
    void parse_passwordEmptyString_rejected() {
        assertProblem(failure(dir, BASE.replace("password: alice-secret", "password: \"\"")), 13,
                "accounts[0].password: empty value");
    }

    @Test
    void parse_bridgePasswordEnvUnset_rejected() {
        String yaml = BASE.replace("  domain: jabber.example.com\n", "  domain: jabber.example.com\n"
                + "  bridge_account:\n    jid: gw@jabber.example.com\n    password_env: SIPGW_PASSWORD\n");
        assertProblem(failure(dir, yaml), 12,
                "xmpp.bridge_account.password_env: environment variable SIPGW_PASSWORD is not set or empty");
    }
}
