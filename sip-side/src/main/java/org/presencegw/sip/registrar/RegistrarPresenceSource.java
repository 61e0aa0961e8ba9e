package org.presencegw.sip.registrar;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.PresenceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration-derived presence (CONFORMANCE PRS-09, REG-14; RFC 3856 section 7.2, Kamailio pua_usrloc style):
 * an AOR of a registrar domain is open, one tuple per contact, while it has at least one live binding, and one
 * closed tuple otherwise. One view per AOR, shared by all its watchers.
 *
 * <p>Authorisation: for now every watcher may watch every AOR of the registrar's domains (no presence rules yet;
 * the SEC rows of CONFORMANCE will restrict this).
 *
 * <p>Changes arrive from the REGISTER handler ({@link #onChange}) and from the expiry sweep ({@link #sweep}), which
 * {@link #start} runs on the shared scheduler every {@link #SWEEP_PERIOD}. Each publish re-reads the AOR's current
 * bindings under this object's lock, so publishes leave in the order of the state they carry and the last one is
 * always the current state. Nothing here blocks: the registrar does no I/O and the sink only enqueues.
 *
 * <p>This class is thread-safe.
 */
public final class RegistrarPresenceSource implements PresenceSource, AutoCloseable {

    /** The source name in the domain table. */
    public static final String NAME = "registrar";
    /** How often lapsed bindings are swept out (REG-14: closed within about one tick of expiry). */
    public static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RegistrarPresenceSource.class);

    private final Registrar registrar;
    private final PresenceSink sink;
    private final Clock clock;
    /** Watch count per AOR's view; guarded by {@code this}. */
    private final Map<ViewKey, Integer> watched = new HashMap<>();
    private ScheduledFuture<?> sweeper;

    public RegistrarPresenceSource(Registrar registrar, PresenceSink sink, Clock clock) {
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized WatchResult watch(SipAddress watcher, SipAddress presentity) {
        SipAddress aor = presentity.withoutGr();
        if (!registrar.config().serves(aor.host())) {
            return new WatchResult.Refused(404, "Not Found");
        }
        ViewKey view = view(aor);
        watched.merge(view, 1, Integer::sum);
        return new WatchResult.Accepted(view, current(aor));
    }

    @Override
    public synchronized void release(ViewKey view, SipAddress watcher) {
        Integer left = watched.computeIfPresent(view, (k, n) -> n > 1 ? n - 1 : null);
        if (left == null) {
            LOG.debug("last watcher of {} gone", view.id());
        }
    }

    /** An AOR's set of contacts changed (from the REGISTER handler or the sweep): tell its watchers. */
    public synchronized void onChange(BindingsChanged change) {
        SipAddress aor = change.aor().withoutGr();
        ViewKey view = view(aor);
        if (watched.containsKey(view)) {
            sink.publish(view, current(aor));
        }
    }

    /** Removes lapsed bindings now and publishes the resulting changes. */
    public void sweep() {
        SweepResult result = registrar.sweep(clock.instant());
        result.changes().forEach(this::onChange);
    }

    /** Runs {@link #sweep} on {@code scheduler} every {@link #SWEEP_PERIOD} until {@link #close}. */
    public synchronized void start(ScheduledExecutorService scheduler) {
        if (sweeper != null) {
            throw new IllegalStateException("already started");
        }
        long period = SWEEP_PERIOD.toMillis();
        sweeper = scheduler.scheduleAtFixedRate(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /** Cancels the sweep task; idempotent. */
    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    /** Number of AORs with at least one watcher. */
    public synchronized int watchedAddresses() {
        return watched.size();
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // A throwing periodic task would be silently cancelled; log and keep sweeping.
            LOG.warn("registration sweep failed", e);
        }
    }

    private PresenceState current(SipAddress aor) {
        return new PresenceState.Known(BindingPresenceMapper.toDocument(registrar.bindings(aor, clock.instant())));
    }

    private static ViewKey view(SipAddress aor) {
        return new ViewKey(NAME, aor.uri());
    }
}
