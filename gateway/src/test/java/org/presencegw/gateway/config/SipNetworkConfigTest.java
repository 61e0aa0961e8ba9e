package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;
import static org.presencegw.gateway.config.ConfigFixtures.load;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.sip.api.Advertised;
import org.presencegw.sip.api.SipNetwork;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.TestCertificate;

/** The network keys of {@code sip:} (issues 10, 12, 15): listen lists, advertise, tls, websocket. */
class SipNetworkConfigTest {
    @TempDir
    Path dir;

    private SipNetwork network(String sipLines) throws ConfigException {
        return load(dir, BASE.replace("  port: 5060\n", "  port: 5060\n" + sipLines)).sip().network();
    }

    private ConfigException withSip(String sipLines) {
        return failure(dir, BASE.replace("  port: 5060\n", "  port: 5060\n" + sipLines));
    }

    @Test
    void listen_list_keepsEveryAddressInOrder() throws Exception {
        SipNetwork n = load(dir, BASE.replace("  listen: 127.0.0.1\n",
                "  listen: [127.0.0.1, 127.0.0.2, '[::1]']\n")).sip().network();
        assertEquals(List.of("127.0.0.1", "127.0.0.2", "::1"), n.listen());
    }

    @Test
    void listen_badItem_rejectedAtItsLine() {
        assertProblem(failure(dir, BASE.replace("  listen: 127.0.0.1\n", "  listen:\n    - 127.0.0.1\n    - a_b\n")),
                4, "sip.listen: 'a_b' is neither an IP address nor a host name");
    }

    @Test
    void advertise_hostAndPort_parsed() throws Exception {
        assertEquals(Optional.of(new Advertised("sip.example.com", OptionalInt.of(5070))),
                network("  advertise: {host: sip.example.com, port: 5070}\n").advertise());
        assertEquals(Optional.of(new Advertised("2001:db8::5", OptionalInt.empty())),
                network("  advertise: {host: '[2001:db8::5]'}\n").advertise());
    }

    @Test
    void advertise_withoutHost_rejected() {
        assertProblem(withSip("  advertise: {port: 5070}\n"), 4, "sip.advertise: missing key 'host'");
    }

    @Test
    void advertise_wildcardHost_rejected() {
        assertProblem(withSip("  advertise:\n    host: 0.0.0.0\n"), 5, "sip.advertise.host: '0.0.0.0' is a wildcard");
    }

    @Test
    void transports_defaultUdpAndTcp_tlsNeedsCertificate() throws Exception {
        assertEquals(Map.of(Transport.UDP, 5060, Transport.TCP, 5060), network("").ports());
        assertProblem(withSip("  transports: [udp, tls]\n"), 4, "tls and wss need sip.tls with certificate");
    }

    @Test
    void tls_goodPem_portsForEveryTransport() throws Exception {
        TestCertificate cert = TestCertificate.make(dir, "gw.test");
        SipNetwork n = network("  transports: [udp, tcp, tls, ws, wss]\n  tls: {port: 5071, certificate: gw.test.crt,"
                + " private_key: " + cert.privateKey() + "}\n  websocket: {port: 8098, tls_port: 8099}\n");
        assertEquals(Map.of(Transport.UDP, 5060, Transport.TCP, 5060, Transport.TLS, 5071, Transport.WS, 8098,
                Transport.WSS, 8099), n.ports());
        assertEquals(cert.certificate(), n.tls().orElseThrow().certificate(), "relative to the config file");
    }

    @Test
    void tls_certificateNotPem_oneLineError() throws Exception {
        TestCertificate cert = TestCertificate.make(dir, "gw.test");
        Files.writeString(dir.resolve("bad.crt"), "not a certificate\n");
        assertProblem(withSip("  transports: [tls]\n  tls:\n    certificate: bad.crt\n    private_key: "
                + cert.privateKey() + "\n"), 6, "bad.crt: no PEM CERTIFICATE block");
    }

    @Test
    void tls_keyMissing_oneLineError() throws Exception {
        TestCertificate.make(dir, "gw.test");
        assertProblem(withSip("  transports: [tls]\n  tls:\n    certificate: gw.test.crt\n    private_key: nope.key\n"),
                7, "nope.key: no such file");
    }

    @Test
    void tls_keyOfAnotherCertificate_rejected() throws Exception {
        TestCertificate.make(dir, "gw.test");
        Files.writeString(dir.resolve("ec.key"), """
                -----BEGIN PRIVATE KEY-----
                MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgevZzL1gdAFr88hb2
                OF/2NxApJCzGCEDdfSp6VQO30hyhRANCAAQRWz+jn65BtOMvdyHKcvjBeBSDZH2r
                1RTwjmYSi9R/zTFXKqVGWYUsbB9ZyhcdIb3IeqfDXpFCt1eJqzwRH5cc
                -----END PRIVATE KEY-----
                """);
        assertProblem(withSip("  transports: [tls]\n  tls:\n    certificate: gw.test.crt\n    private_key: ec.key\n"),
                7, "a EC key does not match the certificate's RSA key");
    }

    @Test
    void websocket_samePortAsTcp_rejected() {
        assertProblem(withSip("  transports: [tcp, ws]\n  websocket: {port: 5060}\n"), 4,
                "tcp and ws would both listen on TCP port 5060");
    }

    @Test
    void warnings_wildcardWithTwoAddressesAndNoAdvertise_oneLine() throws Exception {
        List<InetAddress> two = List.of(InetAddress.getByName("192.0.2.7"), InetAddress.getByName("2001:db8::7"));
        SipNetwork wildcard = SipNetwork.simple("0.0.0.0", 5060, java.util.Set.of(Transport.UDP));
        List<String> warnings = SipWarnings.of(wildcard, () -> two);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("sip.listen: a wildcard listens on 2 non-loopback addresses "
                + "(192.0.2.7, 2001:db8::7)"), warnings.get(0));
        assertEquals(List.of(), SipWarnings.of(wildcard, () -> two.subList(0, 1)), "one address is unambiguous");
        SipNetwork advertised = new SipNetwork(List.of("::"), Map.of(Transport.UDP, 5060),
                Optional.of(new Advertised("sip.example.com", OptionalInt.empty())), Optional.empty());
        assertEquals(List.of(), SipWarnings.of(advertised, () -> two), "advertise says which one");
        assertEquals(List.of(), SipWarnings.of(SipNetwork.simple("127.0.0.1", 5060, java.util.Set.of(Transport.UDP)),
                () -> two), "no wildcard");
    }
}
