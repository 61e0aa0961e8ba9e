package org.presencegw.sip;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.SipUserState;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.auth.DigestAlgorithm;
import org.presencegw.sip.auth.DigestConfig;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.registrar.InMemoryRegistrationTable;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.registrar.RegistrarConfig;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.Awaiting;
import org.presencegw.sip.testing.TestClock;
import org.presencegw.sip.testing.SipTestAgent;

/**
 * A started {@link PresenceServer} serving the registrar domain {@code reg.example} completely (REGISTER, PUBLISH
 * with a 1 s minimum publication lifetime, registration presence, user listener), with a directory of passwords,
 * 300 s nonces on a clock the test can move forward, and one UDP agent.
 */
final class RegistrarServerFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final String DOMAIN = "reg.example";
    static final String REGISTRAR_URI = "sip:" + DOMAIN;
    static final String BOB = "sip:bob@reg.example";
    static final String ALICE = "sip:alice@reg.example";

    final TestClock clock = TestClock.runningFromNow();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final BlockingQueue<SipUserState> userStates = new LinkedBlockingQueue<>();
    final RegistrarPresenceSource source;
    final PresenceServer server;
    final SipTestAgent agent;

    /** A directory with these passwords (user part to password); other users are known iff listed in known. */
    static UserDirectory directory(Map<String, String> passwords, Set<String> known, boolean allowUnknown) {
        return new UserDirectory() {
            @Override
            public Optional<String> passwordOf(SipAddress aor) {
                return DOMAIN.equals(aor.host()) ? Optional.ofNullable(passwords.get(aor.user())) : Optional.empty();
            }

            @Override
            public boolean isKnown(SipAddress aor) {
                return DOMAIN.equals(aor.host()) && (known.contains(aor.user()) || passwords.containsKey(aor.user()));
            }

            @Override
            public boolean allowsUnknownUsers() {
                return allowUnknown;
            }
        };
    }

    RegistrarServerFixture(UserDirectory users) throws SipStartException {
        RegistrarConfig config = new RegistrarConfig(Set.of(DOMAIN), new ExpiryPolicy(600, 60, 3600));
        Registrar registrar = new Registrar(config, new InMemoryRegistrationTable());
        Predicate<SipAddress> publishable = RegistrarPresenceSource.publishable(config, users);
        PublicationStore store = new PublicationStore(new ExpiryPolicy(600, 1, 3600), publishable,
                new SecureRandom());
        AtomicReference<PresenceSink> sink = new AtomicReference<>();
        source = new RegistrarPresenceSource(registrar, store, (v, s) -> sink.get().publish(v, s), clock);
        server = new PresenceServer(new SipServerConfig("127.0.0.1", FreePorts.pick(), Set.of(Transport.UDP), 60, 2,
                120, Map.of(DOMAIN, source)), scheduler, clock);
        sink.set(server);
        server.setUserDirectory(users);
        server.setDigestConfig(new DigestConfig(DOMAIN, Duration.ofSeconds(300),
                List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), 1000));
        server.serveRegistrar(source);
        server.addUserListener(userStates::add);
        server.start();
        source.start(scheduler);
        agent = SipTestAgent.start(Transport.UDP, "127.0.0.1", server.port());
    }

    SipTestAgent watcher() {
        return SipTestAgent.start(Transport.UDP, "127.0.0.1", server.port());
    }

    /** Sends a request with {@code From: <fromUri>;tag=...} and waits for its final response. */
    Response send(String method, String requestUri, String fromUri, Map<String, String> headers,
                  Optional<String> body) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("From", "<" + fromUri + ">;tag=" + Long.toHexString(System.nanoTime()));
        agent.send(method, requestUri, all, body);
        return agent.awaitResponse(WAIT);
    }

    /** REGISTER of {@code aor} (To and From) with these headers. */
    Response register(String aor, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("To", "<" + aor + ">");
        return send(Request.REGISTER, REGISTRAR_URI, aor, all, Optional.empty());
    }

    /** PUBLISH of a PIDF body by {@code aor} for itself. */
    Response publish(String aor, Map<String, String> headers, Optional<String> body) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("Event", "presence");
        all.putIfAbsent("Expires", "600");
        if (body.isPresent()) {
            all.putIfAbsent("Content-Type", "application/pidf+xml");
        }
        return send(Request.PUBLISH, aor, aor, all, body);
    }

    /** The next user state for {@code aor} matching {@code condition}; earlier ones are skipped. */
    SipUserState awaitUserState(String aor, Predicate<SipUserState> condition) {
        return Awaiting.firstMatch(userStates, "user state for " + aor, WAIT,
                s -> s.aor().uri().equals(aor) && condition.test(s), SipUserState::toString);
    }

    static String header(Response r, String name) {
        var h = r.getHeader(name);
        if (h == null) {
            throw new AssertionError("no " + name + " in " + r);
        }
        String text = h.toString().strip();
        return text.substring(text.indexOf(':') + 1).strip();
    }

    @Override
    public void close() {
        agent.close();
        source.close();
        server.close();
        scheduler.shutdownNow();
    }
}
