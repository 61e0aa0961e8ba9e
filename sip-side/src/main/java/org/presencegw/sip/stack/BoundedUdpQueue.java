package org.presencegw.sip.stack;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's NIO message processors (TCP, TLS, WS and WSS on one selector each; the blocking factory serves no
 * WebSocket), except that the queue between the UDP reader thread and the listener
 * threads is bounded. The RI's queue is unbounded and every queued datagram holds a MAX_MESSAGE_SIZE buffer, so
 * an offered rate above what the listeners sustain grew the heap until an OutOfMemoryError (bench/FINDINGS.md):
 * now a datagram that finds the queue full is dropped (the RI ignores the failed offer), as the kernel drops one
 * that finds the socket buffer full, and the client's retransmission comes back when there is room. {@value
 * #CAPACITY} datagrams, each trimmed to its length ({@link TrimmingQueue}), are about 1 MiB of SIP requests and at
 * the listeners' ~6000 requests/s less than half a second of backlog, after which a UDP client retransmits anyway.
 *
 * <p>The UDP processor itself is the RI's with a reader loop that reuses one buffer ({@link LeanUdpProcessor}); its
 * datagrams reach the queue already at their length.
 *
 * <p>Set with {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY} (see {@link StackProperties}). The queue is a
 * protected field of {@link UDPMessageProcessor} with no setter; it is replaced by reflection before the processor
 * starts. Both RI factories create the same {@link UDPMessageProcessor} for UDP, so the field is the same under
 * either. If that fails (another RI version), the stack keeps the unbounded queue and one warning says so.
 */
public final class BoundedUdpQueue extends NioMessageProcessorFactory {

    /** Datagrams waiting for a listener thread, at most. */
    public static final int CAPACITY = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(BoundedUdpQueue.class);
    /** The bounded queue of each running stack, by stack name, for the overload check ({@link #depth}). */
    private static final Map<String, BlockingQueue<?>> QUEUES = new ConcurrentHashMap<>();
    /** One {@link PendingCopies} per running stack, shared by its UDP sockets (keys name the source). */
    private static final Map<String, PendingCopies> COPIES = new ConcurrentHashMap<>();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack sipStack, InetAddress ipAddress, int port,
                                                   String transport) throws IOException {
        MessageProcessor processor = "udp".equalsIgnoreCase(transport)
                ? LeanUdpProcessor.create(sipStack, ipAddress, port) : null;
        if (processor == null) {
            processor = super.createMessageProcessor(sipStack, ipAddress, port, transport);
        }
        if (processor instanceof UDPMessageProcessor udp) {
            PendingCopies copies = sipStack instanceof javax.sip.SipStack named
                    ? COPIES.computeIfAbsent(named.getStackName(), n -> new PendingCopies()) : new PendingCopies();
            Optional<TrimmingQueue> queue = bound(udp, copies);
            if (queue.isPresent() && sipStack instanceof javax.sip.SipStack named) {
                QUEUES.put(named.getStackName(), queue.get());
                socketOf(udp).ifPresent(socket -> DirectUdp.register(named.getStackName(),
                        HostLiterals.text(ipAddress), socket, queue.get()));
            }
        }
        return processor;
    }

    private static Optional<TrimmingQueue> bound(UDPMessageProcessor udp, PendingCopies copies) {
        try {
            TrimmingQueue queue = new TrimmingQueue(CAPACITY, copies);
            queueField().set(udp, queue);
            return Optional.of(queue);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot bound the JAIN-SIP UDP queue ({}); it stays unbounded", e.toString());
            return Optional.empty();
        }
    }

    /**
     * The processor's socket (a protected field of {@link UDPMessageProcessor} with no getter, set by its
     * constructor), for {@link DirectUdp}; without it NOTIFYs and answers over UDP go through the RI, and one line
     * says so.
     */
    private static Optional<DatagramSocket> socketOf(UDPMessageProcessor udp) {
        try {
            Field sock = UDPMessageProcessor.class.getDeclaredField("sock");
            sock.setAccessible(true);
            return Optional.ofNullable((DatagramSocket) sock.get(udp));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach the JAIN-SIP UDP socket ({}); NOTIFYs and answers over UDP go through the RI",
                    e.toString());
            return Optional.empty();
        }
    }

    /**
     * The bounded queue, which also trims each queued datagram to its length: the RI reads every datagram into a
     * fresh MAX_MESSAGE_SIZE (8 KiB) buffer, so 2,048 waiting SUBSCRIBEs of ~500 bytes held 16 MiB, and a backlog
     * that outlives two young collections (a stall) was promoted whole to the old generation, the start of the
     * collapse in bench/FINDINGS.md ("Session 7"). A copy of the bytes received costs less than that.
     */
    static final class TrimmingQueue extends LinkedBlockingQueue<Object> {
        private static final long serialVersionUID = 1L;

        /** Sees each datagram first ({@link DirectUdp}); null when none is set. */
        private transient volatile DirectUdp.Tap tap;
        /** Answers new subscriptions 503 while overloaded ({@link OverloadShed}); null when none is set. */
        private transient volatile OverloadShed shed;
        private final transient PendingCopies copies;

        TrimmingQueue(int capacity) {
            this(capacity, new PendingCopies());
        }

        TrimmingQueue(int capacity, PendingCopies copies) {
            super(capacity);
            this.copies = copies;
        }

        void tap(DirectUdp.Tap t) {
            this.tap = t;
        }

        void shed(OverloadShed s) {
            this.shed = s;
        }

        /** What answers new subscriptions 503 on the reader thread while overloaded; null when none is set. */
        OverloadShed shed() {
            return shed;
        }

        @Override
        public boolean offer(Object e) {
            return tapped(e) || super.offer(trim(e));
        }

        @Override
        public void put(Object e) throws InterruptedException {
            if (!tapped(e)) {
                super.put(trim(e));
            }
        }

        /** Queues a datagram already at its length ({@link LeanUdpProcessor}), past the tap, which saw it. */
        boolean offerTrimmed(DatagramQueuedMessageDispatch d) {
            return super.offer(d);
        }

        /** The copies of requests still waiting here or being handled ({@link PendingCopies}). */
        PendingCopies copies() {
            return copies;
        }

        /**
         * A listener thread takes the next datagram; its claim, if any, is the thread's until it is handled. What the
         * thread's last datagram left unclaimed (the RI answered or dropped it without our listener) is released
         * before the thread waits.
         */
        @Override
        public Object take() throws InterruptedException {
            PendingCopies.taken(PendingCopies.NONE);
            Object e = super.take();
            PendingCopies.taken(e instanceof ClaimedDispatch c ? c.claim : PendingCopies.NONE);
            return e;
        }

        private boolean tapped(Object e) {
            if (!(e instanceof DatagramQueuedMessageDispatch d) || d.packet == null || d.packet.getData() == null) {
                return false;
            }
            DatagramPacket p = d.packet;
            return tapped(p.getData(), p.getOffset(), p.getLength());
        }

        /** The tap took the datagram. A tap that throws leaves it to the RI. */
        boolean tapped(byte[] data, int offset, int length) {
            DirectUdp.Tap t = tap;
            if (t == null) {
                return false;
            }
            try {
                return t.consume(data, offset, length);
            } catch (RuntimeException ex) {
                LOG.debug("datagram tap failed: {}", ex.toString());
                return false;
            }
        }

        static Object trim(Object e) {
            if (e instanceof DatagramQueuedMessageDispatch d && d.packet != null) {
                DatagramPacket p = d.packet;
                byte[] data = p.getData();
                if (data != null && data.length > p.getLength()) {
                    p.setData(Arrays.copyOfRange(data, p.getOffset(), p.getOffset() + p.getLength()));
                }
            }
            return e;
        }
    }

    /** A queued request with its {@link PendingCopies} marker, released once the request is handled. */
    static final class ClaimedDispatch extends DatagramQueuedMessageDispatch {
        final PendingCopies.Claim claim;

        ClaimedDispatch(DatagramPacket packet, long time, PendingCopies.Claim claim) {
            super(packet, time);
            this.claim = claim;
        }
    }

    /** Copies of requests dropped before the RI parsed them, all UDP sockets of the stack {@code stackName}. */
    public static long copiesDropped(String stackName) {
        PendingCopies copies = COPIES.get(stackName);
        return copies == null ? 0 : copies.dropped();
    }

    /** Datagrams waiting in the bounded queue of stack {@code stackName} now (0 when it has none). */
    public static int depth(String stackName) {
        BlockingQueue<?> q = QUEUES.get(stackName);
        return q == null ? 0 : q.size();
    }

    /** Forgets the queue of a stopped stack. */
    public static void forget(String stackName) {
        QUEUES.remove(stackName);
        COPIES.remove(stackName);
        DirectUdp.forget(stackName);
    }

    /** The queue of a started UDP processor, for tests. */
    static BlockingQueue<?> queueOf(UDPMessageProcessor udp) throws ReflectiveOperationException {
        return (BlockingQueue<?>) queueField().get(udp);
    }

    private static Field queueField() throws NoSuchFieldException {
        Field queue = UDPMessageProcessor.class.getDeclaredField("messageQueue");
        queue.setAccessible(true);
        return queue;
    }
}
