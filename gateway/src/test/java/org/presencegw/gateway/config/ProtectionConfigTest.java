package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;
import static org.presencegw.gateway.config.ConfigFixtures.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.sip.api.Limits;

/** Issue 10's keys: {@code limits:}, {@code sip.trusted_networks}, {@code xmpp.bridge_account.watcher_domains}. */
class ProtectionConfigTest {
    @TempDir
    Path dir;

    @Test
    void noKeys_documentedDefaults() throws Exception {
        Protection p = load(dir, BASE).protection();
        assertEquals(new Limits(200, 500_000, 10, 200, 32), p.limits());
        assertTrue(p.trustedNetworks().isEmpty());
        assertEquals(Set.of("sip.example.com"), p.bridgeWatcherDomains(), "default: the registrar domains");
    }

    @Test
    @DisplayName("SEC-05: limits are configuration")
    void limitsSection_parsed_missingKeysDefault() throws Exception {
        Limits l = load(dir, BASE + "limits:\n  subscriptions_per_watcher: 5\n  pending_notifies_per_destination: 4\n")
                .protection().limits();
        assertEquals(new Limits(5, 500_000, 10, 200, 4), l);
    }

    @Test
    @DisplayName("SEC-05: the publication limits are configuration, beside issue 10's")
    void limitsSection_publicationKeys_parsed() throws Exception {
        Limits l = load(dir, BASE + "limits:\n  publications_per_aor: 4\n  publications_total: 1000\n")
                .protection().limits();
        assertEquals(new Limits(200, 500_000, 10, 200, 32, 4, 1000), l);
        assertEquals(10, Limits.DEFAULTS.publicationsPerAor());
        assertEquals(200_000, Limits.DEFAULTS.publicationsTotal());
        assertProblem(failure(dir, BASE + "limits:\n  publications_total: 0\n"), 15,
                "limits.publications_total: 0 is out of range (1..100000000)");
    }

    @Test
    void limitsSection_unknownKey_hint() {
        assertProblem(failure(dir, BASE + "limits:\n  subscriptions_per_watchers: 5\n"), 15,
                "unknown key 'subscriptions_per_watchers' in limits (did you mean 'subscriptions_per_watcher'?)");
    }

    @Test
    void limitsSection_zero_outOfRange() {
        assertProblem(failure(dir, BASE + "limits:\n  bindings_per_aor: 0\n"), 15,
                "limits.bindings_per_aor: 0 is out of range (1..10000)");
    }

    @Test
    void trustedNetworks_parsed() throws Exception {
        Protection p = load(dir, BASE.replace("  port: 5060\n", "  port: 5060\n  trusted_networks: [10.0.0.0/8, "
                + "\"::1\"]\n")).protection();
        assertEquals(List.of("10.0.0.0/8", "0:0:0:0:0:0:0:1/128"), p.trustedNetworks().cidrs());
        assertTrue(p.trustedNetworks().contains("10.20.30.40"));
    }

    @Test
    void trustedNetworks_hostName_oneLineError() {
        assertProblem(failure(dir, BASE.replace("  port: 5060\n", "  port: 5060\n  trusted_networks:\n"
                + "    - 10.0.0.0/8\n    - proxy.example.com\n")), 6,
                "sip.trusted_networks: 'proxy.example.com' is not an IP network (address/prefix)");
    }

    @Test
    void trustedNetworks_badPrefix_oneLineError() {
        assertProblem(failure(dir, BASE.replace("  port: 5060\n", "  port: 5060\n  trusted_networks: [10.0.0.0/40]\n")),
                4, "'10.0.0.0/40' has a bad prefix length (0..32)");
    }

    @Test
    void trustedNetworks_valueWithLineBreak_errorStaysOneLine() {
        assertProblem(failure(dir, BASE.replace("  port: 5060\n", "  port: 5060\n  trusted_networks: [\"10.0\\n.0.0/8\"]\n")),
                4, "sip.trusted_networks: '10.0\\n.0.0/8' is not an IP network");
    }

    @Test
    void watcherDomains_explicit() throws Exception {
        Protection p = load(dir, BASE.replace("  domain: jabber.example.com\n", "  domain: jabber.example.com\n"
                + "  bridge_account: {jid: bridge@jabber.example.com, password: x, watcher_domains: [Corp.Example]}\n"))
                .protection();
        assertEquals(Set.of("corp.example"), p.bridgeWatcherDomains());
    }

    @Test
    void watcherDomains_notADomain_oneLineError() {
        assertProblem(failure(dir, BASE.replace("  domain: jabber.example.com\n", "  domain: jabber.example.com\n"
                + "  bridge_account:\n    jid: bridge@jabber.example.com\n    password: x\n"
                + "    watcher_domains: [\"bad domain\"]\n")), 13,
                "xmpp.bridge_account.watcher_domains: 'bad domain' is not a domain name");
    }

    @Test
    void jid_twoAtSigns_rejected() {
        assertProblem(failure(dir, BASE.replace("jid: alice@jabber.example.com", "jid: alice@@jabber.test")), 12,
                "accounts[0].jid: 'alice@@jabber.test' is not a JID of the form user@domain");
    }
}
