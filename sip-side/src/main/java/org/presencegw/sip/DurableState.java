package org.presencegw.sip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.SipStateStore;
import org.presencegw.sip.store.StoreException;
import org.presencegw.sip.subscription.Subscriptions;

/**
 * What a presence server keeps in its store, taken up at start-up and given back whole for a rewrite: registrar
 * bindings and publications first (so that restored watchers of registrar AORs see the true state), then
 * subscriptions, whose fresh CSeq reservations are made durable before the stack starts and any NOTIFY can go out.
 * Not thread-safe: {@link #restore} runs once, from {@link PresenceServer#start}.
 */
final class DurableState {

    private static final Duration RESTORE_WAIT = Duration.ofSeconds(30);

    private final SipStateStore store;
    private final Subscriptions subscriptions;
    private final List<RegistrarPresenceSource> registrarSources;
    private final Map<String, PresenceSource> domains;

    DurableState(SipStateStore store, Subscriptions subscriptions, List<RegistrarPresenceSource> registrarSources,
                 Map<String, PresenceSource> domains) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.registrarSources = registrarSources;
        this.domains = domains;
    }

    /** Reads the store and takes everything up; {@code seq} is the presence server's current fan-out number. */
    void restore(long seq) throws SipStartException {
        try {
            SipState state = store.load();
            for (RegistrarPresenceSource source : registrarSources) {
                source.restore(ofDomains(state.bindings(), BindingRow::aor, source),
                        ofDomains(state.publications(), PublicationRow::resource, source));
            }
            List<SipChange> writes = subscriptions.restore(state.subscriptions(), domains, seq);
            store.commit(writes).toCompletableFuture().get(RESTORE_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (StoreException e) {
            throw new SipStartException("cannot read the stored state: " + e.getMessage(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new SipStartException("cannot record the restored subscriptions: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SipStartException("interrupted while restoring the stored state", e);
        }
    }

    /** The whole in-memory state as store rows. */
    SipState snapshot() {
        List<BindingRow> bindings = new ArrayList<>();
        List<PublicationRow> publications = new ArrayList<>();
        for (RegistrarPresenceSource source : registrarSources) {
            SipState rows = source.rows();
            bindings.addAll(rows.bindings());
            publications.addAll(rows.publications());
        }
        return new SipState(subscriptions.rows(), bindings, publications);
    }

    /** The rows whose address belongs to one of {@code source}'s domains (unreadable ones too: it drops them). */
    private static <T> List<T> ofDomains(List<T> rows, Function<T, String> uri, RegistrarPresenceSource source) {
        return rows.stream().filter(r -> {
            try {
                return source.registrar().config().serves(SipAddress.parse(uri.apply(r)).host());
            } catch (IllegalArgumentException e) {
                return true;
            }
        }).toList();
    }
}
