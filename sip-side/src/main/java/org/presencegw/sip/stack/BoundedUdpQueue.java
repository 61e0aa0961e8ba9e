package org.presencegw.sip.stack;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's default message processors, except that the queue between the UDP reader thread and the listener
 * threads is bounded. The RI's queue is unbounded and every queued datagram holds a MAX_MESSAGE_SIZE buffer, so
 * an offered rate above what the listeners sustain grew the heap until an OutOfMemoryError (bench/FINDINGS.md):
 * now a datagram that finds the queue full is dropped (the RI ignores the failed offer), as the kernel drops one
 * that finds the socket buffer full, and the client's retransmission comes back when there is room. {@value
 * #CAPACITY} datagrams of 8 KiB are at most 16 MiB, and at the listeners' ~6000 requests/s less than half a second
 * of backlog, after which a UDP client retransmits anyway.
 *
 * <p>Set with {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY} (see {@link StackProperties}). The queue is a
 * protected field of {@link UDPMessageProcessor} with no setter; it is replaced by reflection before the processor
 * starts. If that fails (another RI version), the stack keeps the unbounded queue and one warning says so.
 */
public final class BoundedUdpQueue extends OIOMessageProcessorFactory {

    /** Datagrams waiting for a listener thread, at most. */
    public static final int CAPACITY = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(BoundedUdpQueue.class);
    /** The bounded queue of each running stack, by stack name, for the overload check ({@link #depth}). */
    private static final Map<String, BlockingQueue<?>> QUEUES = new ConcurrentHashMap<>();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack sipStack, InetAddress ipAddress, int port,
                                                   String transport) throws IOException {
        MessageProcessor processor = super.createMessageProcessor(sipStack, ipAddress, port, transport);
        if (processor instanceof UDPMessageProcessor udp) {
            Optional<BlockingQueue<?>> queue = bound(udp);
            if (queue.isPresent() && sipStack instanceof javax.sip.SipStack named) {
                QUEUES.put(named.getStackName(), queue.get());
            }
        }
        return processor;
    }

    private static Optional<BlockingQueue<?>> bound(UDPMessageProcessor udp) {
        try {
            BlockingQueue<?> queue = new LinkedBlockingQueue<>(CAPACITY);
            queueField().set(udp, queue);
            return Optional.of(queue);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot bound the JAIN-SIP UDP queue ({}); it stays unbounded", e.toString());
            return Optional.empty();
        }
    }

    /** Datagrams waiting in the bounded queue of stack {@code stackName} now (0 when it has none). */
    public static int depth(String stackName) {
        BlockingQueue<?> q = QUEUES.get(stackName);
        return q == null ? 0 : q.size();
    }

    /** Forgets the queue of a stopped stack. */
    public static void forget(String stackName) {
        QUEUES.remove(stackName);
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
