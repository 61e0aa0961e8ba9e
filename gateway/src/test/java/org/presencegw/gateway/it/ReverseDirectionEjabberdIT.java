package org.presencegw.gateway.it;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.presencegw.xmpp.testing.XmppServerKind;

/** {@link ReverseDirectionIT} on ejabberd. */
class ReverseDirectionEjabberdIT extends ReverseDirectionIT {
    @RegisterExtension
    static final GatewayFixture GW = fixture(XmppServerKind.EJABBERD);

    @Override
    GatewayFixture gw() {
        return GW;
    }
}
