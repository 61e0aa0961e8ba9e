package org.presencegw.xmpp.testing;

import java.util.EnumMap;
import java.util.Map;

/**
 * One default server per {@link XmppServerKind} for a whole test class, started on first use (so a class whose
 * cases are filtered to one kind starts only that one), closed in {@code @AfterAll}. Tests sharing a server use
 * fresh account names.
 *
 * <pre>{@code
 * private static final SharedXmppServers SERVERS = new SharedXmppServers();
 * @AfterAll static void stopServers() { SERVERS.close(); }
 *
 * @ParameterizedTest(name = "{0}") @EnumSource(XmppServerKind.class)
 * void someCase(XmppServerKind kind) { XmppTestServer server = SERVERS.get(kind); ... }
 * }</pre>
 */
public final class SharedXmppServers implements AutoCloseable {
    private final Map<XmppServerKind, XmppTestServer> servers = new EnumMap<>(XmppServerKind.class);

    /** The running shared server of that kind (started now if needed, or restarted if a test stopped it). */
    public synchronized XmppTestServer get(XmppServerKind kind) {
        XmppTestServer server = servers.computeIfAbsent(kind, XmppServerKind::start);
        server.start();
        return server;
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(XmppTestServer::close);
        servers.clear();
    }
}
