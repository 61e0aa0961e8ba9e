package org.presencegw.sip.registrar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.SipUserState;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.publish.PublicationChange;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.StateWriter;
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
 * <p>With a {@link PublicationStore} (RFC 3903), published state overrides the bindings while a publication lives:
 * an AOR's document is then the composed published one (RPID activities and notes included, CONFORMANCE PUB-11),
 * and it falls back to the bindings-derived one on removal or expiry (PUB-08).
 *
 * <p>Changes arrive from the REGISTER handler ({@link #onChange}), the PUBLISH handler ({@link #onPublicationChange})
 * and from the expiry sweep of bindings and publications ({@link #sweep}), which {@link #start} runs on the shared
 * scheduler every {@link #SWEEP_PERIOD}. Each change is also reported, as the AOR's full {@link SipUserState}, to
 * the hooks added with {@link #onUserState} (the reverse direction). Each publish re-reads the AOR's current
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
    private final Optional<PublicationStore> publications;
    private final PresenceSink sink;
    private final Clock clock;
    private final List<Consumer<SipUserState>> userStateHooks = new CopyOnWriteArrayList<>();
    /** Watch count per AOR's view; guarded by {@code this}. */
    private final Map<ViewKey, Integer> watched = new HashMap<>();
    private ScheduledFuture<?> sweeper;
    private volatile StateWriter writer = StateWriter.inMemory();

    /** Registration-derived presence only (no PUBLISH). */
    public RegistrarPresenceSource(Registrar registrar, PresenceSink sink, Clock clock) {
        this(registrar, Optional.empty(), sink, clock);
    }

    /** Registration-derived presence overridden by what the AOR PUBLISHes into {@code publications}. */
    public RegistrarPresenceSource(Registrar registrar, PublicationStore publications, PresenceSink sink,
                                   Clock clock) {
        this(registrar, Optional.of(publications), sink, clock);
    }

    private RegistrarPresenceSource(Registrar registrar, Optional<PublicationStore> publications, PresenceSink sink,
                                    Clock clock) {
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.publications = Objects.requireNonNull(publications, "publications");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The {@code resourceExists} test for a {@link PublicationStore} of this registrar (RFC 3903 section 6 step 1):
     * an AOR of one of its domains whose user is known to {@code users}, or any user when unknown ones are allowed.
     */
    public static Predicate<SipAddress> publishable(RegistrarConfig config, UserDirectory users) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(users, "users");
        return aor -> config.serves(aor.host()) && (users.allowsUnknownUsers() || users.isKnown(aor.withoutGr()));
    }

    public Registrar registrar() {
        return registrar;
    }

    /** The event state compositor for PUBLISH, when this source has one. */
    public Optional<PublicationStore> publications() {
        return publications;
    }

    /**
     * Adds a hook that hears the full state of an AOR after every change of its bindings or publications, in
     * order. It is called under this source's lock, so it must only enqueue (the presence server's does).
     */
    public void onUserState(Consumer<SipUserState> hook) {
        userStateHooks.add(Objects.requireNonNull(hook, "hook"));
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
    public synchronized Optional<PresenceState> current(ViewKey view) {
        if (!watched.containsKey(view)) {
            return Optional.empty();
        }
        return Optional.of(current(SipAddress.parse(view.id())));
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
        changed(change.aor().withoutGr());
    }

    /** An AOR's composed published state changed (from the PUBLISH handler or the sweep): tell its watchers. */
    public synchronized void onPublicationChange(PublicationChange change) {
        changed(change.resource().withoutGr());
    }

    /** Where the sweep's removals are written (the presence server sets it; default: nowhere). */
    public void persistTo(StateWriter stateWriter) {
        this.writer = Objects.requireNonNull(stateWriter, "stateWriter");
    }

    /** Removes lapsed bindings and publications now, records that in the store and publishes the changes. */
    public void sweep() {
        Instant now = clock.instant();
        SweepResult result = registrar.sweep(now);
        writer.background(result.writes());
        result.changes().forEach(this::onChange);
        publications.ifPresent(p -> {
            PublicationStore.Swept swept = p.sweep(now);
            writer.background(swept.writes());
            swept.changes().forEach(this::onPublicationChange);
        });
    }

    /**
     * Takes up stored bindings and publications at start-up (before any watcher): live ones come back with their
     * original expiry and entity-tags, lapsed ones are purged from the store, and every AOR that comes back
     * registered or published is reported to the user-state hooks (the reverse direction shows it again).
     */
    public synchronized void restore(List<BindingRow> bindings, List<PublicationRow> stored) {
        Instant now = clock.instant();
        Registrar.Restored b = registrar.restore(bindings, now);
        writer.background(b.writes());
        Set<SipAddress> changed = new LinkedHashSet<>(b.liveAors());
        publications.ifPresent(p -> {
            PublicationStore.Restored r = p.restore(stored, now);
            writer.background(r.writes());
            changed.addAll(r.resources());
        });
        changed.forEach(this::changed);
        if (!changed.isEmpty()) {
            LOG.info("restored the bindings and publications of {} address(es) of record", changed.size());
        }
    }

    /** Every stored binding and publication as rows (for the rewrite after the store recovered). */
    public SipState rows() {
        return new SipState(List.of(), registrar.rows(), publications.map(PublicationStore::rows).orElse(List.of()));
    }

    /** Re-reads the AOR's current state (so the last report is always the latest state) and reports it. */
    private void changed(SipAddress aor) {
        Instant now = clock.instant();
        List<Binding> bindings = registrar.bindings(aor, now);
        Optional<PresenceDocument> published = published(aor, now);
        ViewKey view = view(aor);
        if (watched.containsKey(view)) {
            sink.publish(view, document(bindings, published));
        }
        SipUserState state = new SipUserState(aor, !bindings.isEmpty(), published);
        for (Consumer<SipUserState> hook : userStateHooks) {
            try {
                hook.accept(state);
            } catch (RuntimeException e) {
                LOG.warn("user state hook failed for {}", aor, e);
            }
        }
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
        Instant now = clock.instant();
        return document(registrar.bindings(aor, now), published(aor, now));
    }

    private Optional<PresenceDocument> published(SipAddress aor, Instant now) {
        return publications.flatMap(p -> p.state(aor, now));
    }

    private static PresenceState document(List<Binding> bindings, Optional<PresenceDocument> published) {
        return new PresenceState.Known(published.orElseGet(() -> BindingPresenceMapper.toDocument(bindings)));
    }

    private static ViewKey view(SipAddress aor) {
        return new ViewKey(NAME, aor.uri());
    }
}
