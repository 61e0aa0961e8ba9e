package org.presencegw.gateway;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.PresenceState;

/**
 * Who the bridge account may serve (issue 10, SEC-02, PRS-04): a watcher without a mapping of its own is served
 * only if its domain is one of {@code xmpp.bridge_account.watcher_domains} (default the registrar domains);
 * anyone else gets 403 before the jabber source is asked, so no XMPP subscription request is ever sent for them.
 * Mapped watchers are not judged here. Wraps the jabber source's {@link PresenceSource} role; thread-safe.
 */
final class BridgeScope implements PresenceSource {

    private final PresenceSource jabber;
    private final Predicate<SipAddress> mapped;
    private volatile Set<String> watcherDomains = Set.of();

    BridgeScope(PresenceSource jabber, Predicate<SipAddress> mapped) {
        this.jabber = Objects.requireNonNull(jabber, "jabber");
        this.mapped = Objects.requireNonNull(mapped, "mapped");
    }

    /** The domains (lower case) whose unmapped watchers the bridge account serves; a reload replaces them. */
    void watcherDomains(Set<String> domains) {
        watcherDomains = Set.copyOf(domains);
    }

    @Override
    public String name() {
        return jabber.name();
    }

    @Override
    public WatchResult watch(SipAddress watcher, SipAddress presentity) {
        if (!mapped.test(watcher) && !watcherDomains.contains(watcher.host())) {
            return new WatchResult.Refused(403, "Forbidden (no account mapping for " + watcher.withoutGr()
                    + ", and the bridge does not serve " + watcher.host() + ")");
        }
        return jabber.watch(watcher, presentity);
    }

    @Override
    public Optional<PresenceState> current(ViewKey view) {
        return jabber.current(view);
    }

    @Override
    public void release(ViewKey view, SipAddress watcher) {
        jabber.release(view, watcher);
    }
}
