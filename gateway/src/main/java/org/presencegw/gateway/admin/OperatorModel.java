package org.presencegw.gateway.admin;

import java.util.List;
import java.util.Objects;
import org.presencegw.gateway.store.CommitStats;
import org.presencegw.sip.OperatorView;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.xmpp.LinkState;

/**
 * What the admin listener sees of the running gateway and may ask of it. Every read is a snapshot taken at the call;
 * no method blocks on the network. Implemented by the gateway, by fakes in tests.
 */
public interface OperatorModel {

    /** The SIP side: counters, live subscriptions, whether the stack serves. */
    OperatorView sip();

    /** Every Jabber account the gateway is logged into (mapped ones, then the bridge). */
    List<AccountStatus> accounts();

    /** Registrations (bindings), empty without a registrar domain. */
    List<BindingRow> registrations();

    /** Publications (PUBLISH, RFC 3903), empty without a registrar domain. */
    List<PublicationRow> publications();

    /** How many publications are held (what a scrape reads: no row is built). */
    default int publicationCount() {
        return publications().size();
    }

    /** Whether the store writes (always true for the memory store). */
    boolean storeHealthy();

    /** What the store's group commits cost so far (all zero for the memory store). */
    CommitStats.Snapshot storeCommits();

    /** Asks the account {@code jid} to reconnect now; false when the gateway has no such account. */
    boolean reconnect(String jid);

    /**
     * Reloads the configuration file the way SIGHUP does; false when this gateway has no file to reload (started
     * in code, tests). The outcome is logged, as for SIGHUP.
     */
    boolean reload();

    /**
     * One Jabber account.
     *
     * @param sip        the mapped SIP user, or {@code ""} for the bridge account
     * @param jid        the account's JID
     * @param state      its link to the XMPP server
     * @param rosterSize items in its roster as last loaded
     */
    record AccountStatus(String sip, String jid, LinkState state, int rosterSize) {
        public AccountStatus {
            Objects.requireNonNull(sip, "sip");
            Objects.requireNonNull(jid, "jid");
            Objects.requireNonNull(state, "state");
        }

        public boolean bridge() {
            return sip.isEmpty();
        }
    }
}
