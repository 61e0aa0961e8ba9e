package org.presencegw.sip.stack;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipProviderImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.Set;
import javax.sip.SipListener;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's UDP processor with a leaner reader loop. The RI's loop allocates a fresh MAX_MESSAGE_SIZE (8 KiB) buffer
 * for every datagram. At 8000 SUBSCRIBEs/s that is 16,000 datagrams/s (each SUBSCRIBE and the 200 to its NOTIFY),
 * and those buffers were 28 % of all bytes the gateway allocated (bench/FINDINGS.md, "Session 20").
 *
 * <p>This loop reads every datagram into one buffer that it reuses:
 * <ul>
 *   <li>the tap ({@link DirectUdp}) sees the datagram there, and what it takes (the answers to our NOTIFYs) costs
 *   no allocation at all;</li>
 *   <li>any other datagram is copied at its exact length into the bounded queue, as {@link BoundedUdpQueue}'s
 *   trimming did after the RI's allocation.</li>
 * </ul>
 * Everything else is the RI's: the socket, its size and receive buffer, the listener threads
 * ({@link UDPMessageChannel}, one per {@code THREAD_POOL_SIZE}), their parse, and {@code stop()}. A datagram longer
 * than MAX_MESSAGE_SIZE is cut at that size, as the RI's loop cuts it.
 *
 * <p>Created by {@link BoundedUdpQueue#createMessageProcessor}; if the RI's fields it needs are not there (another RI
 * version), {@link #create} says so and the RI's own processor is used.
 */
final class LeanUdpProcessor extends UDPMessageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(LeanUdpProcessor.class);
    private static final ThrottledLog ERRORS = new ThrottledLog(LOG);

    /**
     * {@code -Dpresencegw.sip.udpCopies=false} lets every copy of a request through to the RI ({@link PendingCopies};
     * for measuring the difference).
     */
    static final boolean COPIES = !"false".equalsIgnoreCase(System.getProperty("presencegw.sip.udpCopies"));

    /**
     * {@code -Dpresencegw.sip.directDispatch=false} sends every request through the RI's dispatch again (for measuring
     * the difference).
     */
    static final boolean DIRECT = !"false".equalsIgnoreCase(System.getProperty("presencegw.sip.directDispatch"));

    /**
     * The methods the gateway's dispatcher always answers without a server transaction and for which the RI's
     * dialog layer has nothing to do when it has no dialogs: not ACK, CANCEL, BYE, INVITE, PRACK, UPDATE, REFER and
     * NOTIFY, which have branches of their own there.
     */
    static final Set<String> DIRECT_METHODS = Set.of(Request.SUBSCRIBE, Request.PUBLISH, Request.REGISTER,
            Request.OPTIONS, Request.MESSAGE, Request.INFO);

    private final int listeners;
    private final String threadPrefix;

    private LeanUdpProcessor(InetAddress address, SIPTransactionStack stack, int port, int listeners)
            throws IOException {
        super(address, stack, port);
        this.listeners = listeners;
        this.threadPrefix = (stack instanceof javax.sip.SipStack named ? named.getStackName() : "sip")
                + "-UDPMessageChannelThread-";
    }

    /**
     * A processor for {@code address:port}, or null (after one warning) when the RI's listener thread count or
     * its UDP flag cannot be reached, or the stack runs without a thread pool: the caller then uses the RI's own.
     */
    static UDPMessageProcessor create(SIPTransactionStack stack, InetAddress address, int port) throws IOException {
        int listeners;
        Field udpFlag;
        try {
            Field pool = SIPTransactionStack.class.getDeclaredField("threadPoolSize");
            pool.setAccessible(true);
            listeners = pool.getInt(stack);
            udpFlag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            udpFlag.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot replace the JAIN-SIP UDP reader ({}); the RI's reads each datagram into a new buffer",
                    e.toString());
            return null;
        }
        if (listeners <= 0) {
            return null; // the RI's thread-per-datagram mode: not ours to change
        }
        LeanUdpProcessor processor = new LeanUdpProcessor(address, stack, port, listeners);
        try {
            udpFlag.setBoolean(stack, true); // what the RI's factory sets for a UDP processor
        } catch (IllegalAccessException e) {
            processor.sock.close();
            LOG.warn("cannot replace the JAIN-SIP UDP reader ({}); the RI's reads each datagram into a new buffer",
                    e.toString());
            return null;
        }
        return processor;
    }

    @Override
    @SuppressWarnings("JdkObsolete") // the RI's field is a LinkedList, and its stop() iterates it
    public void run() {
        LinkedList<UDPMessageChannel> channels = new LinkedList<>();
        for (int i = 0; i < listeners; i++) {
            channels.add(new Listener(getSIPStack(), this, threadPrefix + i));
        }
        messageChannels = channels;
        byte[] buffer = new byte[getMaximumMessageSize()];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (isRunning) {
            try {
                packet.setData(buffer, 0, buffer.length); // the whole buffer again (the JDK's socket keeps it too)
                sock.receive(packet);
                deliver(packet);
            } catch (SocketTimeoutException e) {
                // no timeout is set; as the RI's loop: read again
            } catch (SocketException e) {
                if (!isRunning) {
                    return;
                }
                ERRORS.warn("UDP receive on port {} failed: {}", getPort(), e.toString());
            } catch (IOException | RuntimeException e) {
                ERRORS.warn("UDP receive on port {} failed: {}", getPort(), e.toString());
            }
        }
    }

    /**
     * The tap first, on the shared buffer; then a copy of a request still waiting is dropped, and while overloaded
     * a new subscription is answered 503 here ({@link OverloadShed}); else an exact copy to the listener threads'
     * queue.
     */
    private void deliver(DatagramPacket packet) {
        byte[] data = packet.getData();
        int length = packet.getLength();
        Object queued = messageQueue; // replaced by BoundedUdpQueue after construction
        if (queued instanceof BoundedUdpQueue.TrimmingQueue queue) {
            if (queue.tapped(data, 0, length)) {
                return;
            }
            OverloadShed shed = queue.shed();
            if (!COPIES) {
                if (shed == null || !shed.answer(sock, data, length, packet.getAddress(), packet.getPort())) {
                    queue.offerTrimmed(dispatch(packet, data, length));
                }
                return;
            }
            long now = System.currentTimeMillis();
            PendingCopies.Claim claim = queue.copies().admit(data, length, packet.getAddress(), packet.getPort(), now);
            if (claim == null) {
                return; // a copy of a request still waiting or being handled (RFC 3261 17.2.2)
            }
            if (shed != null && shed.answer(sock, data, length, packet.getAddress(), packet.getPort())) {
                claim.release(); // answered: a later copy is answered again
                return;
            }
            if (!queue.offerTrimmed(new BoundedUdpQueue.ClaimedDispatch(exactCopy(packet, data, length), now, claim))) {
                claim.release(); // dropped: the next copy must get in
            }
        } else {
            messageQueue.offer(dispatch(packet, data, length));
        }
    }

    private static DatagramQueuedMessageDispatch dispatch(DatagramPacket packet, byte[] data, int length) {
        return new DatagramQueuedMessageDispatch(exactCopy(packet, data, length), System.currentTimeMillis());
    }

    /** The datagram in the shared buffer, copied at its length, with its source. */
    private static DatagramPacket exactCopy(DatagramPacket packet, byte[] data, int length) {
        return new DatagramPacket(Arrays.copyOf(data, length), length, packet.getAddress(), packet.getPort());
    }

    /**
     * The RI's listener thread; its constructor is protected, so it is reached through this subclass. The RI parses
     * the datagram and sets the top Via's {@code received} and {@code rport} as before; then a request of a method
     * in {@link LeanUdpProcessor#DIRECT_METHODS} goes from here straight to the provider's listener
     * ({@link #deliverDirect}).
     */
    private static final class Listener extends UDPMessageChannel {
        Listener(SIPTransactionStack stack, UDPMessageProcessor processor, String name) {
            super(stack, processor, name);
        }

        @Override
        public void processMessage(SIPMessage message) {
            if (DIRECT && message instanceof SIPRequest request && DIRECT_METHODS.contains(request.getMethod())
                    && deliverDirect(request)) {
                return;
            }
            super.processMessage(message);
        }

        /**
         * What the RI's dispatch does for such a request, without its server transaction: the gateway answers these
         * methods statelessly (decision 0002) and never asks for one, and it keeps no RI dialogs (automatic dialog
         * support is off), so the RI's dispatch only found no transaction and no dialog, made a server transaction
         * it then dropped, kept it for the listener's call in its pending table (copies are ours to drop,
         * {@link PendingCopies}) and wrapped the request in the same event (bench/FINDINGS.md, "Session 31": 4 % of
         * a SUBSCRIBE's CPU samples, and 7 % less garbage per request without it). False, and the RI's path is
         * taken, when the processor has no provider with a listener yet.
         */
        private boolean deliverDirect(SIPRequest request) {
            ListeningPointImpl point = getMessageProcessor().getListeningPoint();
            SipProviderImpl provider = point == null ? null : point.getProvider();
            SipListener listener = provider == null ? null : provider.getSipListener();
            if (listener == null) {
                return false;
            }
            // As the RI's processMessage and newSIPServerRequest set them.
            request.setRemoteAddress(getPeerInetAddress());
            request.setRemotePort(getPeerPort());
            request.setLocalPort(getPort());
            request.setLocalAddress(getMessageProcessor().getIpAddress());
            request.setPeerPacketSourceAddress(getPeerPacketSourceAddress());
            request.setPeerPacketSourcePort(getPeerPacketSourcePort());
            request.setMessageChannel(this);
            RequestEventExt event = new RequestEventExt(provider, null, null, request);
            event.setRemoteIpAddress(getPeerInetAddress().getHostAddress());
            event.setRemotePort(getPeerPort());
            try {
                listener.processRequest(event);
            } catch (RuntimeException e) {
                // As the RI's event delivery: the listener thread must go on.
                ERRORS.warn("request from {} not handled: {}", getPeerInetAddress().getHostAddress(), e.toString());
            }
            return true;
        }
    }
}
