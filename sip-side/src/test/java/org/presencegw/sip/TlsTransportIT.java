package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.NetworkFixture.ALICE;
import static org.presencegw.sip.NetworkFixture.BOB;
import static org.presencegw.sip.NetworkFixture.WAIT;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.testing.AgentOptions;
import org.presencegw.sip.testing.DigestAnswers;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.TestCertificate;
import org.presencegw.sip.testing.TlsProbe;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, TLS: SIP over TLS with the RI's transport and a PEM identity the test makes; NOTIFYs over the watcher's
 * connection; {@code sips:} (RFC 5630); digest over TLS (SEC-04); the PEM files read again on reload; and no RI
 * TLS warnings at start (issue 13).
 */
class TlsTransportIT {

    @TempDir
    Path dir;

    private TestCertificate cert;
    private NetworkFixture fx;
    private ListAppender<ILoggingEvent> stackLog;
    private Logger gov;
    private Level govLevel;

    @BeforeEach
    void setUp() throws Exception {
        gov = (Logger) LoggerFactory.getLogger("gov.nist");
        govLevel = gov.getLevel();
        gov.setLevel(Level.WARN);
        stackLog = new ListAppender<>();
        stackLog.start();
        gov.addAppender(stackLog);
        cert = TestCertificate.make(dir, "gw.test");
        UserDirectory users = new UserDirectory() {
            @Override
            public Optional<String> passwordOf(SipAddress aor) {
                return aor.user().equals("carol") ? Optional.of("carol-secret") : Optional.empty();
            }

            @Override
            public boolean isKnown(SipAddress aor) {
                return true;
            }

            @Override
            public boolean allowsUnknownUsers() {
                return true;
            }
        };
        fx = new NetworkFixture(List.of("127.0.0.1"), List.of(Transport.UDP, Transport.TLS), Optional.empty(),
                Optional.of(cert.files()), s -> s.setUserDirectory(users));
    }

    @AfterEach
    void tearDown() {
        fx.close();
        gov.detachAppender(stackLog);
        gov.setLevel(govLevel);
    }

    private SipTestAgent tlsWatcher() {
        return SipTestAgent.start(Transport.TLS, "127.0.0.1", fx.port(Transport.TLS),
                AgentOptions.defaults().trusting(cert));
    }

    @Test
    void start_noStackWarnings() {
        List<String> warnings = stackLog.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(), warnings, "issue 13: the RI's TLS start-up warnings");
    }

    @Test
    @DisplayName("TRN-07")
    void tlsWatcher_contactNamesTlsPort_notifiesComeOverItsConnection() {
        try (SipTestAgent watcher = tlsWatcher()) {
            watcher.advertiseContactPort(FreePorts.pick());
            watcher.subscribe(BOB, ALICE, 100, Map.of());
            Response ok = watcher.awaitResponse(WAIT);
            assertEquals(200, ok.getStatusCode());
            SipURI contact = (SipURI) ((ContactHeader) ok.getHeader(ContactHeader.NAME)).getAddress().getURI();
            assertEquals("127.0.0.1:" + fx.port(Transport.TLS) + "/tls", contact.getHost() + ":" + contact.getPort()
                    + "/" + contact.getTransportParam());
            assertEquals("active", watcher.awaitNotify(WAIT).state(), "the Contact port is dead: over the connection");
            fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(org.presencegw.sip.model.Basic.OPEN, "in"));
            watcher.awaitNotify("open", WAIT, n -> n.body().contains("<basic>open</basic>"));
        }
    }

    @Test
    void sipsRequestUri_overTls_200WithSipsContactAndSipsNotifies() {
        try (SipTestAgent watcher = tlsWatcher()) {
            watcher.subscribe("sips:bob@example.com", "sips:alice@sip.example", 100, Map.of());
            Response ok = watcher.awaitResponse(WAIT);
            assertEquals(200, ok.getStatusCode());
            SipURI contact = (SipURI) ((ContactHeader) ok.getHeader(ContactHeader.NAME)).getAddress().getURI();
            assertTrue(contact.isSecure(), "RFC 5630 4.1: SIPS Contact for a sips: request, got " + contact);
            ReceivedNotify n = watcher.awaitNotify(WAIT);
            assertTrue(((SipURI) ((ContactHeader) n.request().getHeader(ContactHeader.NAME)).getAddress().getURI())
                    .isSecure(), n.request().toString());
        }
    }

    @Test
    void sipsRequestUri_overUdp_416() {
        try (SipTestAgent watcher = SipTestAgent.start(Transport.UDP, "127.0.0.1", fx.port(Transport.UDP))) {
            watcher.subscribe("sips:bob@example.com", ALICE, 100, Map.of());
            assertEquals(416, watcher.awaitResponse(WAIT).getStatusCode(), "UAS-06: sips: over an unsecured hop");
        }
    }

    @Test
    void digestOverTls_challengedThenAccepted() {
        try (SipTestAgent watcher = tlsWatcher()) {
            watcher.subscribe(BOB, "sip:carol@sip.example", 60, Map.of());
            Response first = watcher.awaitResponse(WAIT);
            assertEquals(401, first.getStatusCode());
            String auth = DigestAnswers.authorization(first, "carol", "carol-secret", Request.SUBSCRIBE, BOB);
            watcher.subscribe(BOB, "sip:carol@sip.example", 60, Map.of("Authorization", auth));
            assertEquals(200, watcher.awaitResponse(WAIT).getStatusCode());
            assertEquals("active", watcher.awaitNotify(WAIT).state());
        }
    }

    @Test
    @DisplayName("TRN-07")
    void reloadTls_newHandshakesGetTheNewCertificate() throws Exception {
        assertEquals(cert.x509(), TlsProbe.servedCertificate("127.0.0.1", fx.port(Transport.TLS)));
        Path other = Files.createDirectory(dir.resolve("next"));
        TestCertificate next = TestCertificate.make(other, "gw.test");
        Files.copy(next.certificate(), cert.certificate(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next.privateKey(), cert.privateKey(), StandardCopyOption.REPLACE_EXISTING);
        fx.server.reloadTls();
        assertEquals(next.x509(), TlsProbe.servedCertificate("127.0.0.1", fx.port(Transport.TLS)));
    }
}
