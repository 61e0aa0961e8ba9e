package org.presencegw.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.PresenceState;

class BridgeScopeTest {

    private final List<SipAddress> asked = new ArrayList<>();
    private final PresenceSource jabber = new PresenceSource() {
        @Override
        public String name() {
            return "jabber";
        }

        @Override
        public WatchResult watch(SipAddress watcher, SipAddress presentity) {
            asked.add(watcher);
            return new WatchResult.Accepted(new ViewKey("jabber", "v"), PresenceState.UNKNOWN);
        }

        @Override
        public Optional<PresenceState> current(ViewKey view) {
            return Optional.of(PresenceState.UNKNOWN);
        }

        @Override
        public void release(ViewKey view, SipAddress watcher) {
        }
    };
    private final BridgeScope scope = new BridgeScope(jabber,
            w -> w.equals(SipAddress.parse("sip:mapped@elsewhere.example")));

    @Test
    @DisplayName("SEC-02: a watcher outside the bridge's domains gets 403 and causes no XMPP lookup")
    void otherDomain_403_jabberNeverAsked() {
        scope.watcherDomains(Set.of("sip.example.com"));
        WatchResult r = scope.watch(SipAddress.parse("sip:eve@evil.example"), SipAddress.parse("sip:bob@j.example"));
        assertEquals(403, assertInstanceOf(WatchResult.Refused.class, r).status());
        assertEquals(List.of(), asked);
    }

    @Test
    @DisplayName("PRS-04: watchers of the served domains and mapped watchers reach the jabber source")
    void servedDomainOrMapped_passedOn() {
        scope.watcherDomains(Set.of("sip.example.com"));
        assertInstanceOf(WatchResult.Accepted.class,
                scope.watch(SipAddress.parse("sip:carol@sip.example.com"), SipAddress.parse("sip:bob@j.example")));
        assertInstanceOf(WatchResult.Accepted.class,
                scope.watch(SipAddress.parse("sip:mapped@elsewhere.example"), SipAddress.parse("sip:bob@j.example")));
        assertEquals(2, asked.size());
    }
}
