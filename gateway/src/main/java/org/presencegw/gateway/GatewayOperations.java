package org.presencegw.gateway;

import java.util.List;
import java.util.Optional;
import org.presencegw.gateway.admin.OperatorModel;
import org.presencegw.gateway.store.CommitStats;
import org.presencegw.gateway.store.GatewayStore;
import org.presencegw.sip.OperatorView;
import org.presencegw.sip.PresenceServer;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;

/** The running gateway as the admin listener sees it ({@link OperatorModel}). */
final class GatewayOperations implements OperatorModel {

    private final OperatorView sip;
    private final MappedAccounts accounts;
    private final Optional<RegistrarPresenceSource> registrations;
    private final GatewayStore store;
    private volatile Optional<Runnable> reloadFromFile = Optional.empty();

    GatewayOperations(PresenceServer sip, MappedAccounts accounts, Optional<RegistrarPresenceSource> registrations,
                      GatewayStore store) {
        this.sip = sip.operatorView();
        this.accounts = accounts;
        this.registrations = registrations;
        this.store = store;
    }

    void reloadWith(Runnable reload) {
        reloadFromFile = Optional.of(reload);
    }

    @Override
    public OperatorView sip() {
        return sip;
    }

    @Override
    public List<AccountStatus> accounts() {
        return accounts.statuses();
    }

    @Override
    public List<BindingRow> registrations() {
        return registrations.map(r -> r.registrar().rows()).orElse(List.of());
    }

    @Override
    public List<PublicationRow> publications() {
        return registrations.flatMap(RegistrarPresenceSource::publications).map(PublicationStore::rows)
                .orElse(List.of());
    }

    @Override
    public int publicationCount() {
        return registrations.flatMap(RegistrarPresenceSource::publications).map(PublicationStore::size).orElse(0);
    }

    @Override
    public boolean storeHealthy() {
        return store.healthy();
    }

    @Override
    public CommitStats.Snapshot storeCommits() {
        return store.commitStats().snapshot();
    }

    @Override
    public boolean reconnect(String jid) {
        return accounts.reconnect(jid);
    }

    /** Runs the reload on its own thread (as SIGHUP runs on the signal's): the answer does not wait for it. */
    @Override
    public boolean reload() {
        Optional<Runnable> reload = reloadFromFile;
        reload.ifPresent(r -> {
            Thread t = new Thread(r, "admin-reload");
            t.setDaemon(true);
            t.start();
        });
        return reload.isPresent();
    }
}
