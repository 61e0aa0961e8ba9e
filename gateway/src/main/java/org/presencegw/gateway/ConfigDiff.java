package org.presencegw.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.presencegw.gateway.config.AccountMapping;
import org.presencegw.gateway.config.GatewayConfig;
import org.presencegw.sip.api.SipAddress;

/**
 * What a configuration reload changes (pure). Mappings are matched by their SIP address of record: one only in the
 * new file is added, one only in the old is removed, one whose Jabber account (JID or password) changed is removed
 * and added again (its watchers subscribe again and are served by the new account), and one whose only change is
 * its SIP digest password keeps its account and watchers. Settings that the running process cannot change are
 * named in {@link #needRestart}.
 *
 * @param added          mappings to start serving
 * @param removed        mappings to stop serving (their watchers get {@code terminated;reason=deactivated})
 * @param bridgeChanged  the bridge account appeared, went or changed
 * @param usersChanged   digest passwords or {@code registrar.allow_unknown_users} changed
 * @param needRestart    the config keys whose new value takes effect only after a restart
 */
record ConfigDiff(List<AccountMapping> added, List<AccountMapping> removed, boolean bridgeChanged,
                  boolean usersChanged, List<String> needRestart) {

    static ConfigDiff between(GatewayConfig old, GatewayConfig next) {
        Map<SipAddress, AccountMapping> before = byAor(old.accounts());
        Map<SipAddress, AccountMapping> after = byAor(next.accounts());
        List<AccountMapping> added = new ArrayList<>();
        List<AccountMapping> removed = new ArrayList<>();
        before.forEach((aor, m) -> {
            AccountMapping now = after.get(aor);
            if (now == null || !now.xmpp().equals(m.xmpp())) {
                removed.add(m);
            }
        });
        after.forEach((aor, m) -> {
            AccountMapping was = before.get(aor);
            if (was == null || !was.xmpp().equals(m.xmpp())) {
                added.add(m);
            }
        });
        boolean usersChanged = !passwords(old).equals(passwords(next))
                || old.registrar().allowUnknownUsers() != next.registrar().allowUnknownUsers();
        List<String> restart = new ArrayList<>();
        if (!old.sip().equals(next.sip())) {
            restart.add("sip");
        }
        if (!old.domains().equals(next.domains())) {
            restart.add("domains");
        }
        if (!old.xmpp().equals(next.xmpp())) {
            restart.add("xmpp (every key but bridge_account)");
        }
        if (!old.store().equals(next.store())) {
            restart.add("store");
        }
        if (!old.events().equals(next.events())) {
            restart.add("sip.notify_interval_ms, blf");
        }
        if (!old.protection().limits().equals(next.protection().limits())) {
            restart.add("limits");
        }
        if (!old.protection().trustedNetworks().cidrs().equals(next.protection().trustedNetworks().cidrs())) {
            restart.add("sip.trusted_networks");
        }
        if (!old.admin().equals(next.admin())) {
            restart.add("admin");
        }
        if (!old.lists().equals(next.lists())) {
            restart.add("lists");
        }
        return new ConfigDiff(added, removed, !Objects.equals(old.bridge(), next.bridge()), usersChanged, restart);
    }

    boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && !bridgeChanged && !usersChanged && needRestart.isEmpty();
    }

    private static Map<SipAddress, AccountMapping> byAor(List<AccountMapping> accounts) {
        Map<SipAddress, AccountMapping> map = new LinkedHashMap<>();
        accounts.forEach(m -> map.put(m.sip().withoutGr(), m));
        return map;
    }

    private static Map<SipAddress, ?> passwords(GatewayConfig c) {
        Map<SipAddress, Object> map = new LinkedHashMap<>();
        c.accounts().forEach(m -> map.put(m.sip().withoutGr(), m.sipPassword()));
        return map;
    }
}
