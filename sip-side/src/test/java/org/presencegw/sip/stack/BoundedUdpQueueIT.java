package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipStack;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.testing.Awaiting;
import org.presencegw.sip.testing.FreePorts;

/** The server stack's UDP queue is bounded (the RI's own is unbounded: overload ended in an OutOfMemoryError). */
class BoundedUdpQueueIT {

    @Test
    void serverStack_udpQueueHoldsAtMostCapacityDatagrams() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties properties = StackProperties.server("bounded-" + UUID.randomUUID());
        SipStack stack = factory.createSipStack(properties);
        try {
            ListeningPoint lp = stack.createListeningPoint("127.0.0.1", FreePorts.pick(), "udp");
            var processor = (UDPMessageProcessor) ((ListeningPointImpl) lp).getMessageProcessor();
            BlockingQueue<?> queue = BoundedUdpQueue.queueOf(processor);
            assertEquals(BoundedUdpQueue.CAPACITY, queue.remainingCapacity() + queue.size());
            awaitRunning(processor, Integer.parseInt(properties.getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE")));
        } finally {
            stack.stop();
        }
    }

    /**
     * The RI's stop() fails on a UDP processor whose thread has not set up all its channels yet: a NPE before the
     * list exists, a ConcurrentModificationException while the thread still adds to it (seen once in a full build).
     */
    private static void awaitRunning(UDPMessageProcessor processor, int channelCount) throws Exception {
        java.lang.reflect.Field channels = UDPMessageProcessor.class.getDeclaredField("messageChannels");
        channels.setAccessible(true);
        Awaiting.within(Duration.ofSeconds(30), "the UDP processor's " + channelCount + " channels")
                .until(() -> channels.get(processor) instanceof java.util.List<?> list && list.size() >= channelCount);
    }
}