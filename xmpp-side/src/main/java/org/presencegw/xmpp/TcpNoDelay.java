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
 * Turns Nagle's algorithm off on a modular connection's socket as soon as it is connected. Smack 4.4.8 writes one
 * stanza as several small buffers and offers no socket option; with Nagle on, every request/response step of a
 * login waited for the server's delayed ACK (about 40 ms): logins took about 200 ms instead of 30
 * (docs/STACK.md §2). Reads Smack's private {@code socketChannel} field; if a Smack upgrade renames it, this logs one
 * warning and logins are merely slower.
 */
final class TcpNoDelay {
    private static final Logger LOG = LoggerFactory.getLogger(TcpNoDelay.class);
    private static final Field SOCKET = socketField();
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private TcpNoDelay() {
    }

    static void enable(ModularXmppClientToServerConnection connection) {
        if (SOCKET == null) {
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        connection.addConnectionStateMachineListener((event, c) -> {
            if (done.get() || (!(event instanceof ConnectionStateEvent.SuccessfullyTransitionedInto)
                    && !(event instanceof ConnectionStateEvent.AboutToTransitionInto))) {
                return;
            }
            XmppTcpTransportModule module = connection.getConnectionModuleFor(XmppTcpTransportModuleDescriptor.class);
            try {
                if (module != null && SOCKET.get(module) instanceof SocketChannel channel && channel.isConnected()) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    done.set(true);
                }
            } catch (IllegalAccessException | IOException | RuntimeException e) {
                done.set(true);
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warn("cannot set TCP_NODELAY on Smack's socket ({}); logins will be slower", e.toString());
                }
            }
        });
    }

    private static Field socketField() {
        try {
            Field f = XmppTcpTransportModule.class.getDeclaredField("socketChannel");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.warn("Smack's XmppTcpTransportModule has no socketChannel field ({}); logins will be slower",
                    e.toString());
            return null;
        }
    }
}
