package org.presencegw.gateway.it;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.presencegw.xmpp.testing.XmppServerKind;

/** {@link ReverseDirectionIT} on prosody. */
class ReverseDirectionProsodyIT extends ReverseDirectionIT {
    @RegisterExtension
    static final GatewayFixture GW = fixture(XmppServerKind.PROSODY);

    @Override
    GatewayFixture gw() {
        return GW;
    }
}
