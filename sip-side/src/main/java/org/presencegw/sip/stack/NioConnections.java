package org.presencegw.sip.stack;

import gov.nist.javax.sip.stack.NIOHandler;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransaction;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import javax.sip.ClientTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a race in JAIN-SIP RI 1.3.0-91's NIO TCP client (docs/STACK.md): a client transaction toward a peer
 * without a TCP connection opens one when it is created, but the RI does not keep that socket in its connection
 * table; sending then opens a second connection and closes the first, and the selector may look up the second one's
 * channel before it is registered: the request is dropped without any error ("Dead socketChannel" at DEBUG), so a
 * NOTIFY moved to TCP (RFC 3261 18.1.1) was lost about one time in three. Putting the first socket into the table
 * before sending makes the send reuse it. Reflection, because the table is not public; if it fails (another RI
 * version), one line at DEBUG and the RI behaves as before.
 */
public final class NioConnections {

    private static final Logger LOG = LoggerFactory.getLogger(NioConnections.class);
    private static final Access ACCESS = Access.find();

    private NioConnections() {
    }

    /** Before {@code ct.sendRequest()}: keeps the connection its creation opened as the one to send on. */
    public static void keepNewConnection(ClientTransaction ct) {
        if (ACCESS == null || !(ct instanceof SIPTransaction t)
                || !(t.getMessageChannel() instanceof NioTcpMessageChannel channel)) {
            return;
        }
        SocketChannel socket = channel.getSocketChannel();
        try {
            if (socket != null && socket.isConnected() && socket.isOpen()
                    && socket.getRemoteAddress() instanceof InetSocketAddress peer) {
                NIOHandler handler = (NIOHandler) ACCESS.handler().get(channel.getMessageProcessor());
                String key = (String) ACCESS.makeKey().invoke(null, peer.getAddress(), peer.getPort());
                ACCESS.putSocket().invoke(handler, key, socket);
            }
        } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
            LOG.debug("cannot keep the new TCP connection: {}", e.toString());
        }
    }

    private record Access(Field handler, Method makeKey, Method putSocket) {
        static Access find() {
            try {
                Field handler = NioTcpMessageProcessor.class.getDeclaredField("nioHandler");
                handler.setAccessible(true);
                Method makeKey = NIOHandler.class.getDeclaredMethod("makeKey", InetAddress.class, int.class);
                makeKey.setAccessible(true);
                Method putSocket = NIOHandler.class.getDeclaredMethod("putSocket", String.class, SocketChannel.class);
                putSocket.setAccessible(true);
                return new Access(handler, makeKey, putSocket);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("JAIN-SIP RI without the expected NIO connection table: {}", e.toString());
                return null;
            }
        }
    }
}
