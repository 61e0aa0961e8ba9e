package org.presencegw.xmpp;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.fsm.ConnectionStateEvent;
import org.jivesoftware.smack.tcp.XmppTcpTransportModule;
import org.jivesoftware.smack.tcp.XmppTcpTransportModuleDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings of a gateway account's modular connection; the last two Smack 4.4.8's TCP transport does not offer, so
 * they go through its private fields (docs/STACK.md §2). If a Smack upgrade renames a field, this logs one warning
 * and the connection works with Smack's defaults.
 * <ul>
 * <li>The reply timeout: {@link #REPLY_TIMEOUT_MS} instead of Smack's 5 s, which was too short for a roster
 * while 1,000 accounts logged in at once on a loaded server.</li>
 * <li>{@code TCP_NODELAY} as soon as the socket is connected: Smack writes one stanza as several small buffers; with
 * Nagle on, every request/response step of a login waited for the server's delayed ACK (about 40 ms), and a login
 * took about 200 ms instead of 30.</li>
 * <li>The largest top-level element Smack accepts: 64 KiB in 4.4.8, fixed; a bigger one (a roster of about 600
 * contacts) ends the connection ("Max element size exceeded"). Raised to {@link #MAX_ELEMENT_CHARS}. The splitter
 * also allocates a buffer of that size up front for every connection (64 MiB for 1,000 accounts): it is trimmed
 * to nothing here and grows only as far as the largest element a session receives.</li>
 * </ul>
 */
final class ModularTransportTuning {
    static final long REPLY_TIMEOUT_MS = 15_000;
    /** The largest element accepted: a roster of some 40,000 contacts. */
    static final int MAX_ELEMENT_CHARS = 4 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ModularTransportTuning.class);
    private static final Field SOCKET = field(XmppTcpTransportModule.class, "socketChannel");
    private static final Field SPLITTER = field(XmppTcpTransportModule.class, "splitter");
    private static final Field XMPP_SPLITTER = field(org.jxmpp.xml.splitter.Utf8ByteXmppXmlSplitter.class,
            "xmppXmlSplitter");
    private static final Field MAX_SIZE = field(org.jxmpp.xml.splitter.XmppXmlSplitter.class, "maxElementSize");
    private static final Field PART = field(org.jxmpp.xml.splitter.XmlSplitter.class, "splittedPartBuffer");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ModularTransportTuning() {
    }

    static void apply(ModularXmppClientToServerConnection connection) {
        connection.setReplyTimeout(REPLY_TIMEOUT_MS);
        XmppTcpTransportModule module = connection.getConnectionModuleFor(XmppTcpTransportModuleDescriptor.class);
        if (module == null) {
            return;
        }
        try {
            if (SPLITTER != null && XMPP_SPLITTER != null && MAX_SIZE != null) {
                Object splitter = XMPP_SPLITTER.get(SPLITTER.get(module));
                MAX_SIZE.setInt(splitter, MAX_ELEMENT_CHARS);
                if (PART != null && PART.get(splitter) instanceof StringBuilder part && part.length() == 0) {
                    part.trimToSize();
                }
            }
        } catch (IllegalAccessException | RuntimeException e) {
            warn("cannot raise Smack's element size limit (" + e + "); rosters over about 600 contacts fail");
        }
        if (SOCKET != null) {
            AtomicBoolean done = new AtomicBoolean();
            connection.addConnectionStateMachineListener((event, c) -> {
                if (!done.get() && (event instanceof ConnectionStateEvent.SuccessfullyTransitionedInto
                        || event instanceof ConnectionStateEvent.AboutToTransitionInto)) {
                    noDelay(module, done);
                }
            });
        }
    }

    private static void noDelay(XmppTcpTransportModule module, AtomicBoolean done) {
        try {
            if (SOCKET.get(module) instanceof SocketChannel channel && channel.isConnected()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                done.set(true);
            }
        } catch (IllegalAccessException | IOException | RuntimeException e) {
            done.set(true);
            warn("cannot set TCP_NODELAY on Smack's socket (" + e + "); logins will be slower");
        }
    }

    private static Field field(Class<?> type, String name) {
        return PrivateFields.open(type, name, ModularTransportTuning::warn, "Smack's default applies");
    }

    private static void warn(String message) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("{}", message);
        }
    }
}
