package org.presencegw.gateway.it;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.presencegw.gateway.Gateway;
import org.presencegw.gateway.config.AccountMapping;
import org.presencegw.gateway.config.AdminSettings;
import org.presencegw.gateway.config.ConfigLoader;
import org.presencegw.gateway.config.GatewayConfig;
import org.presencegw.gateway.config.RegistrarSettings;
import org.presencegw.gateway.config.SipSettings;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.TestCertificate;
import org.presencegw.xmpp.XmppCredentials;
import org.presencegw.xmpp.XmppEndpoint;
import org.presencegw.xmpp.XmppPolicy;
import org.presencegw.xmpp.testing.JulBridge;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;
import org.presencegw.xmpp.testing.XmppTestServer;

/**
 * "XMPP server + gateway + SIP UA" for the gateway's integration tests, as one JUnit 5 extension:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GatewayFixture GW = GatewayFixture.builder()
 *         .accounts("alice", "bob").mutualContacts("alice", "bob")
 *         .mapped("alice").minExpires(1).build();
 *
 * @Test
 * void watch() {
 *     SipTestAgent alice = GW.agent(Transport.UDP);             // closed after the test
 *     XmppTestClient bob = GW.xmpp("bob", "r1");                // closed after the test
 *     ...
 * }
 * }</pre>
 *
 * It starts a private XMPP server ({@link GatewayFixtureBuilder#server}: Prosody unless told otherwise; free loopback port, its
 * own directory) with the accounts (password {@link #PASSWORD}) and rosters, then the gateway in-process with a
 * configuration made from the builder: SIP on a free loopback port (UDP and TCP), the SIP domain
 * {@link #SIP_DOMAIN} served by the jabber source and {@link #USER_DOMAIN} by the registrar, XMPP against that server
 * ({@link XmppTestServer#endpoint}, with {@link GatewayFixtureBuilder#policy} applied). Without accounts
 * ({@link GatewayFixtureBuilder#registrarOnly()}) there is no XMPP server and the gateway serves the registrar domain alone.
 *
 * <p>Everything it starts or hands out is closed in reverse order: the SIP UAs and XMPP clients after each test, the
 * gateway and Prosody after the class (or after each test with {@link GatewayFixtureBuilder#perTest()}), also when a test or a
 * start fails. A test that stops or restarts the server on purpose uses {@link #xmppServer()} and a fresh fixture per
 * test.
 */
public final class GatewayFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    /** The SIP domain served by the jabber source: {@code sip:bob@jabber.test} is bob@jabber.test. */
    public static final String SIP_DOMAIN = "jabber.test";
    /** The SIP domain served by the registrar, where the mapped SIP users live ({@code sip:alice@sip.test}). */
    public static final String USER_DOMAIN = "sip.test";
    /** The SIP domain of resource lists (roster groups) when the builder asked for {@code lists()}. */
    public static final String LIST_DOMAIN = "lists.test";
    /** Every XMPP account's password. */
    public static final String PASSWORD = "secret";
    /** The resource the gateway uses on its XMPP accounts. */
    public static final String GATEWAY_RESOURCE = "sip-gateway";

    private final GatewayFixtureBuilder spec;
    private final Deque<AutoCloseable> perClass = new ArrayDeque<>();
    private final Deque<AutoCloseable> perTest = new ArrayDeque<>();
    private XmppTestServer prosody;
    private Gateway gateway;
    private WebSocketListeners websocket;

    GatewayFixture(GatewayFixtureBuilder spec) {
        this.spec = spec;
    }

    public static GatewayFixtureBuilder builder() {
        return new GatewayFixtureBuilder();
    }

    /** {@code sip:user@jabber.test}: a Jabber user as a SIP presentity. */
    public static String sip(String user) {
        return "sip:" + user + "@" + SIP_DOMAIN;
    }

    /** {@code sip:user@sip.test}: a SIP user (mapped or not) as a watcher or registering AOR. */
    public static String watcher(String user) {
        return "sip:" + user + "@" + USER_DOMAIN;
    }

    // ---- what a test uses ----

    /** The running XMPP server; fails in a registrar-only fixture. */
    public XmppTestServer xmppServer() {
        if (prosody == null) {
            throw new IllegalStateException("no XMPP server in this fixture (registrarOnly, or not started)");
        }
        return prosody;
    }

    /** Which server this fixture runs (for test names and server-specific expectations). */
    public XmppServerKind kind() {
        return spec.kind;
    }

    public Gateway gateway() {
        return Objects.requireNonNull(gateway, "gateway not started");
    }

    /** The admin listener's port (the fixture was built with {@link GatewayFixtureBuilder#admin}). */
    public int adminPort() {
        return gateway().adminPort().orElseThrow(() -> new IllegalStateException("built without admin"));
    }

    public int sipPort() {
        return gateway().sipPort();
    }

    /** The SIP WebSocket port ({@link GatewayFixtureBuilder#websocket()}); 0 without WebSocket. */
    public int wsPort() {
        return websocket == null ? 0 : websocket.wsPort();
    }

    /** The SIP secure WebSocket port ({@link GatewayFixtureBuilder#websocket()}), served with {@link #certificate()}. */
    public int wssPort() {
        return websocket == null ? 0 : websocket.wssPort();
    }

    /** The gateway's TLS certificate, made by the fixture ({@link GatewayFixtureBuilder#websocket()}). */
    public TestCertificate certificate() {
        return Objects.requireNonNull(websocket, "no TLS in this fixture").certificate();
    }

    /** A SIP UA (its own JAIN-SIP stack) that sends everything to the gateway; closed after the test. */
    public SipTestAgent agent(Transport transport) {
        return track(SipTestAgent.start(transport, "127.0.0.1", sipPort()));
    }

    /** A Smack client logged in to the fixture's XMPP server as {@code user}; closed after the test. */
    public XmppTestClient xmpp(String user, String resource) {
        return track(XmppTestClient.login(xmppServer(), user, PASSWORD, resource));
    }

    private <T extends AutoCloseable> T track(T resource) {
        perTest.push(resource);
        return resource;
    }

    // ---- the lifecycle ----

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!spec.perTest) {
            start(perClass);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (spec.perTest) {
            start(perTest);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        closeAll(perTest);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        closeAll(perClass);
    }

    private void start(Deque<AutoCloseable> owner) throws Exception {
        JulBridge.install();
        try {
            if (!spec.accounts.isEmpty()) {
                prosody = spec.kind.start();
                owner.push(() -> {
                    prosody.close();
                    prosody = null;
                });
                for (String user : spec.accounts) {
                    prosody.createAccount(user, PASSWORD);
                }
                for (List<String> pair : spec.contacts) {
                    prosody.makeMutualContacts(pair.get(0), pair.get(1));
                }
            }
            gateway = Gateway.start(config(FreePorts.pick()));
            owner.push(() -> {
                gateway.close();
                gateway = null;
            });
        } catch (Exception | Error e) {
            closeAll(owner, e);
            throw e;
        }
    }

    private GatewayConfig config(int sipPort) {
        SipSettings sip = new SipSettings("127.0.0.1", sipPort, Set.of(Transport.UDP, Transport.TCP), 600,
                spec.minExpires, 3600);
        if (spec.websocket) {
            websocket = WebSocketListeners.make();
            sip = websocket.settings(sipPort, spec.minExpires);
        }
        RegistrarSettings registrar = new RegistrarSettings(spec.allowUnknownUsers);
        Optional<AdminSettings> admin = spec.admin.map(token -> new AdminSettings(
                java.net.InetAddress.getLoopbackAddress(), 0, token));
        return plainConfig(sip, registrar).withAdmin(admin);
    }

    private GatewayConfig plainConfig(SipSettings sip, RegistrarSettings registrar) {
        if (prosody == null) {
            return new GatewayConfig(Path.of("test.yml"), sip, Map.of(USER_DOMAIN, GatewayConfig.SOURCE_REGISTRAR),
                    ConfigLoader.UNUSED_XMPP, Optional.empty(), List.of(), registrar, new StoreSettings.Memory(),
                    spec.events);
        }
        List<AccountMapping> accounts = spec.mapped.entrySet().stream()
                .map(e -> new AccountMapping(SipAddress.parse(watcher(e.getKey())),
                        prosody.credentialsFor(e.getKey(), PASSWORD), e.getValue()))
                .toList();
        Optional<XmppCredentials> bridge = spec.bridge.map(u -> prosody.credentialsFor(u, PASSWORD));
        XmppEndpoint base = prosody.endpoint(GATEWAY_RESOURCE);
        XmppEndpoint xmpp = base.withPolicy(spec.policy.apply(base.policy()));
        Map<String, String> domains = new java.util.HashMap<>(Map.of(SIP_DOMAIN, GatewayConfig.SOURCE_JABBER,
                USER_DOMAIN, GatewayConfig.SOURCE_REGISTRAR));
        if (spec.lists) {
            domains.put(LIST_DOMAIN, GatewayConfig.SOURCE_ROSTER);
        }
        return new GatewayConfig(Path.of("test.yml"), sip, domains, xmpp, bridge, accounts, registrar,
                new StoreSettings.Memory(), spec.events);
    }

    private static void closeAll(Deque<AutoCloseable> resources) throws Exception {
        Exception first = closeAll(resources, null);
        if (first != null) {
            throw first;
        }
    }

    /** Closes newest first; every one is tried. Returns the first failure (or adds them all to {@code cause}). */
    private static Exception closeAll(Deque<AutoCloseable> resources, Throwable cause) {
        Exception first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
