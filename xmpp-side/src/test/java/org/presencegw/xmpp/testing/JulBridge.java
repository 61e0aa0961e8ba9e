package org.presencegw.xmpp.testing;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes java.util.logging (Smack logs through it) into SLF4J, as the gateway's main does. Idempotent. */
public final class JulBridge {
    private JulBridge() {
    }

    public static synchronized void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
