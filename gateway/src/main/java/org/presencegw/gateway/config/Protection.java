package org.presencegw.gateway.config;

import java.util.Objects;
import java.util.Set;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.TrustedNetworks;

/**
 * What keeps the gateway safe on an open network (issue 10): the {@code limits:} section, {@code sip.trusted_networks}
 * and the domains whose watchers the bridge account serves ({@code xmpp.bridge_account.watcher_domains}, default
 * the registrar domains).
 *
 * @param limits                what one peer and the whole server may hold
 * @param trustedNetworks       sources whose requests need no digest and are not rate-limited
 * @param bridgeWatcherDomains  watchers of these domains (lower case) may use the bridge account; others get 403
 */
public record Protection(Limits limits, TrustedNetworks trustedNetworks, Set<String> bridgeWatcherDomains) {

    /** Default limits, no trusted network, a bridge that serves nobody (no registrar domain). */
    public static final Protection DEFAULTS = new Protection(Limits.DEFAULTS, TrustedNetworks.NONE, Set.of());

    public Protection {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(trustedNetworks, "trustedNetworks");
        bridgeWatcherDomains = Set.copyOf(bridgeWatcherDomains);
    }
}
