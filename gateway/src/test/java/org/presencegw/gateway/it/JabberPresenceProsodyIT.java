package org.presencegw.gateway.it;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.presencegw.xmpp.testing.XmppServerKind;

/** {@link JabberPresenceIT} on prosody. */
class JabberPresenceProsodyIT extends JabberPresenceIT {
    @RegisterExtension
    static final GatewayFixture GW = fixture(XmppServerKind.PROSODY);

    @Override
    GatewayFixture gw() {
        return GW;
    }
}
