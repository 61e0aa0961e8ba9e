package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
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
            assertInstanceOf(LeanUdpProcessor.class, processor);
            awaitRunning(processor, Integer.parseInt(properties.getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE")));
        } finally {
            stack.stop();
        }
    }

    /**
     * The lean reader reuses one buffer: datagrams of different lengths back to back, each reaches the RI's parser whole
     * and without the previous one's tail (its length reset for every receive, its bytes copied at that length).
     */
    @Test
    void leanReader_datagramsOfChangingLength_eachParsedWhole() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        SipStack stack = factory.createSipStack(StackProperties.server("lean-" + UUID.randomUUID()));
        try {
            int port = FreePorts.pick();
            ListeningPoint lp = stack.createListeningPoint("127.0.0.1", port, "udp");
            List<Request> received = new CopyOnWriteArrayList<>();
            stack.createSipProvider(lp).addSipListener(new Recording(received));
            awaitRunning((UDPMessageProcessor) ((ListeningPointImpl) lp).getMessageProcessor(), 4);
            String[] bodies = {"", "x".repeat(3000), "y", "z".repeat(1200), "", "w".repeat(7000), "v"};
            try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                for (int i = 0; i < bodies.length; i++) { // back to back: the reader's buffer is reused meanwhile
                    byte[] bytes = message(i, bodies[i], client.getLocalPort()).getBytes(StandardCharsets.UTF_8);
                    client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
                }
                Awaiting.within(Duration.ofSeconds(10), bodies.length + " messages")
                        .until(() -> received.size() >= bodies.length);
            }
            assertEquals(bodies.length, received.size());
            for (Request r : received) {
                int i = Integer.parseInt(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId().substring(1));
                byte[] content = r.getRawContent() == null ? new byte[0] : r.getRawContent();
                assertEquals(bodies[i], new String(content, StandardCharsets.UTF_8), "body of message " + i);
            }
        } finally {
            stack.stop();
        }
    }

    private static String message(int i, String body, int clientPort) {
        return "MESSAGE sip:u@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + clientPort + ";branch=z9hG4bKlean" + i + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=f" + i + "\r\nTo: <sip:u@127.0.0.1>\r\n"
                + "Call-ID: m" + i + "\r\nCSeq: 1 MESSAGE\r\n"
                + (body.isEmpty() ? "" : "Content-Type: text/plain\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Keeps the requests the stack delivers; answers none (the test only reads what was parsed). */
    private record Recording(List<Request> requests) implements SipListener {
        @Override
        public void processRequest(RequestEvent e) {
            requests.add(e.getRequest());
        }

        @Override
        public void processResponse(ResponseEvent e) {
        }

        @Override
        public void processTimeout(TimeoutEvent e) {
        }

        @Override
        public void processIOException(IOExceptionEvent e) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent e) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent e) {
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