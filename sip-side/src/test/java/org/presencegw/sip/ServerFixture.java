package org.presencegw.sip;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.presencegw.sip.api.EventSettings;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.store.VolatileStore;
import org.presencegw.sip.testing.FakePresenceSource;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.SipTestAgent;

/** A started {@link PresenceServer} (min 2 s, default 60 s, max 120 s; domain example.com) plus a fake source. */
final class ServerFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final String BOB = "sip:bob@example.com";
    static final String ALICE = "sip:alice@sip.example";

    final FakePresenceSource source = new FakePresenceSource();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final PresenceServer server;

    ServerFixture() throws SipStartException {
        this(EventSettings.DEFAULTS, Clock.systemUTC());
    }

    /** A server with these event packages and NOTIFY pacing, on {@code clock}. */
    ServerFixture(EventSettings events, Clock clock) throws SipStartException {
        this(events, clock, server -> { });
    }

    /** A server that {@code configure} sets up (limits, trusted networks ...) before it starts. */
    ServerFixture(Consumer<PresenceServer> configure) throws SipStartException {
        this(EventSettings.DEFAULTS, Clock.systemUTC(), configure);
    }

    private ServerFixture(EventSettings events, Clock clock, Consumer<PresenceServer> configure)
            throws SipStartException {
        int port = FreePorts.pick();
        SipServerConfig config = new SipServerConfig("127.0.0.1", port, Set.of(Transport.UDP, Transport.TCP), 60, 2,
                120, Map.of("example.com", source));
        server = new PresenceServer(config, events, scheduler, clock, new VolatileStore());
        configure.accept(server);
        server.start();
    }

    SipTestAgent agent(Transport transport) {
        return SipTestAgent.start(transport, "127.0.0.1", server.port());
    }

    static PresenceState known(Basic basic, String note) {
        PresenceTuple t = new PresenceTuple("t1", basic, Optional.empty(), Optional.of("sip:bob@example.com"),
                Optional.of(new BigDecimal("0.5")), List.of(Note.of(note)),
                Optional.of(Instant.parse("2024-05-01T10:00:00Z")));
        return new PresenceState.Known(new PresenceDocument(List.of(t), Optional.empty()));
    }

    /**
     * Returns once every task the scheduler held when called has run: both of its threads meet at a barrier, which
     * they reach only after taking what was queued before.
     */
    void drainScheduler() {
        CyclicBarrier both = new CyclicBarrier(2);
        Callable<Void> meet = () -> {
            both.await(5, TimeUnit.SECONDS);
            return null;
        };
        try {
            for (Future<Void> f : scheduler.invokeAll(List.of(meet, meet), 10, TimeUnit.SECONDS)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | CancellationException e) {
            throw new IllegalStateException("the scheduler did not drain", e);
        }
    }

    @Override
    public void close() {
        server.close();
        scheduler.shutdownNow();
    }
}
