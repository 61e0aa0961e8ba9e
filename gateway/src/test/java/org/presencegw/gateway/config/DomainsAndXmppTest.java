package org.presencegw.gateway.config;

import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainsAndXmppTest {
    @TempDir
    Path dir;

    private static final String XMPP = "xmpp:\n  host: 127.0.0.1\n  domain: jabber.example.com\n";

    private ConfigException withXmpp(String extraLines) {
        return failure(dir, BASE.replace(XMPP, XMPP + extraLines));
    }

    @Test
    void parse_unknownSource_namesDomainAndChoices() {
        assertProblem(failure(dir, BASE.replace("sip.example.com: registrar", "sip.example.com: proxy")), 6,
                "unknown presence source 'proxy' for domain sip.example.com (expected jabber, registrar or roster)");
    }

    @Test
    void parse_noDomains_rejected() {
        String yaml = BASE.replace("  jabber.example.com: jabber\n  sip.example.com: registrar\n", "  {}\n");
        assertProblem(failure(dir, yaml.replace("domains:\n  {}", "domains: {}")), 4,
                "domains: at least one domain is required");
    }

    @Test
    void parse_domainNotHostName_rejected() {
        assertProblem(failure(dir, BASE.replace("sip.example.com: registrar", "sip_example.com: registrar")), 6,
                "'sip_example.com' is not a valid domain name");
    }

    @Test
    void parse_sameDomainDifferentCase_duplicate() {
        assertProblem(failure(dir, BASE.replace("sip.example.com: registrar",
                "sip.example.com: registrar\n  SIP.Example.COM: jabber")), 7,
                "duplicate domain sip.example.com (first at line 6)");
    }

    @Test
    void parse_jabberDomainWithoutXmpp_namesDomainLine() {
        assertProblem(failure(dir, BASE.replace(XMPP, "").replace(BASE.substring(BASE.indexOf("accounts:")), "")),
                5, "domain jabber.example.com uses the jabber source, which needs an xmpp: section");
    }

    @Test
    void parse_accountsWithoutXmpp_namesAccountsLine() {
        String yaml = BASE.replace(XMPP, "").replace("jabber.example.com: jabber\n", "");
        assertProblem(failure(dir, yaml), 6, "accounts need an xmpp: section");
    }

    @Test
    void parse_xmppMissingHost_namesSection() {
        assertProblem(failure(dir, BASE.replace("  host: 127.0.0.1\n", "")), 7, "xmpp: missing key 'host'");
    }

    @Test
    void parse_xmppMissingDomain_namesSection() {
        assertProblem(failure(dir, BASE.replace("  domain: jabber.example.com\n", "")), 7,
                "xmpp: missing key 'domain'");
    }

    @Test
    void parse_xmppDomainWithLocalpart_rejected() {
        assertProblem(failure(dir, BASE.replace("domain: jabber.example.com", "domain: a@jabber.example.com")),
                9, "xmpp.domain: 'a@jabber.example.com' is not an XMPP domain name");
    }

    @Test
    void parse_unknownTlsValue_listsChoices() {
        assertProblem(withXmpp("  tls: maybe\n"), 10,
                "unknown tls value 'maybe' (expected required, optional or disabled)");
    }

    @Test
    void parse_tlsBoolean_unknownTlsValue() {
        assertProblem(withXmpp("  tls: false\n"), 10, "unknown tls value 'false'");
    }

    @Test
    void parse_xmppPortOutOfRange_rejected() {
        assertProblem(withXmpp("  port: 65536\n"), 10, "xmpp.port: 65536 is out of range (1..65535)");
    }

    @Test
    void parse_xmppTimingsOutOfRange_rejected() {
        assertProblem(withXmpp("  reconnect_delay: 0\n"), 10, "xmpp.reconnect_delay: 0 is out of range (1..3600)");
        assertProblem(withXmpp("  presence_grace: 61\n"), 10, "xmpp.presence_grace: 61 is out of range (0..60)");
        assertProblem(withXmpp("  logins_per_second: 0\n"), 10,
                "xmpp.logins_per_second: 0 is out of range (1..10000)");
        assertProblem(withXmpp("  keepalive: 0\n"), 10, "xmpp.keepalive: 0 is out of range (1..3600)");
        assertProblem(withXmpp("  subscription_giveup: -1\n"), 10,
                "xmpp.subscription_giveup: -1 is out of range (0..86400)");
        assertProblem(withXmpp("  resubscribe_quiet_period: soon\n"), 10, "xmpp.resubscribe_quiet_period");
    }

    @Test
    void parse_trustedCertMissing_rejected() {
        assertProblem(withXmpp("  trusted_cert: nowhere.pem\n"), 10, "cannot read certificate file");
    }

    @Test
    void parse_trustedCertNotPem_rejected() throws Exception {
        Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        assertProblem(withXmpp("  trusted_cert: junk.pem\n"), 10, "holds no readable PEM certificate");
    }

    @Test
    void parse_badResource_rejected() {
        assertProblem(withXmpp("  resource: " + "r".repeat(1024) + "\n"), 10, "is not a valid XMPP resource");
    }

    @Test
    void parse_badXmppHost_rejected() {
        assertProblem(failure(dir, BASE.replace("  host: 127.0.0.1", "  host: xmpp server")), 8,
                "xmpp.host: 'xmpp server' is neither an IP address nor a host name");
    }

    @Test
    void parse_unknownBridgeKey_rejected() {
        assertProblem(withXmpp("  bridge_account:\n    jid: gw@jabber.example.com\n    pasword: x\n"), 12,
                "unknown key 'pasword' in xmpp.bridge_account (did you mean 'password'?)");
    }
}
