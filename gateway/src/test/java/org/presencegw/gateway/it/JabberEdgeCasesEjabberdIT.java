package org.presencegw.gateway.it;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.presencegw.xmpp.testing.XmppServerKind;

/** {@link JabberEdgeCasesIT} on ejabberd. */
class JabberEdgeCasesEjabberdIT extends JabberEdgeCasesIT {
    @RegisterExtension
    static final GatewayFixture GW = fixture(XmppServerKind.EJABBERD);

    @Override
    GatewayFixture gw() {
        return GW;
    }
}
