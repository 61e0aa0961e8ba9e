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
        SipStack stack = serverStack("lean-");
        try {
            List<Request> received = new CopyOnWriteArrayList<>();
            int port = listen(stack, new Recording(received));
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

    /**
     * A request of a method the gateway answers statelessly skips the RI's dispatch (no server transaction made for
     * it) and reaches the listener with what that dispatch would have set: the source's address and port, the top
     * Via's received and rport, the channel it came over. Any other method (here INVITE) still goes through the RI.
     */
    @Test
    void directDispatch_statelessMethodsSkipTheRiDispatch_withWhatItWouldHaveSet() throws Exception {
        SipStack stack = serverStack("direct-");
        try {
            List<RequestEvent> events = new CopyOnWriteArrayList<>();
            int port = listen(stack, new Recording(new CopyOnWriteArrayList<>(), events));
            List<String> methods = List.of("SUBSCRIBE", "PUBLISH", "REGISTER", "OPTIONS", "MESSAGE", "INVITE");
            int clientPort;
            try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                clientPort = client.getLocalPort();
                for (int i = 0; i < methods.size(); i++) {
                    byte[] bytes = request(methods.get(i), i, clientPort).getBytes(StandardCharsets.UTF_8);
                    client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
                }
                Awaiting.within(Duration.ofSeconds(10), methods.size() + " requests")
                        .until(() -> events.size() >= methods.size());
            }
            for (RequestEvent e : events) {
                var request = (gov.nist.javax.sip.message.SIPRequest) e.getRequest();
                String method = request.getMethod();
                // The RI's "remote port" is the top Via's sent-by port; the packet's source is the peer packet's.
                assertEquals(VIA_PORT, request.getRemotePort(), method);
                assertEquals(InetAddress.getLoopbackAddress(), request.getRemoteAddress(), method);
                assertEquals(clientPort, request.getPeerPacketSourcePort(), method);
                assertEquals(port, request.getLocalPort(), method);
                var via = (javax.sip.header.ViaHeader) request.getHeader(javax.sip.header.ViaHeader.NAME);
                assertEquals("127.0.0.1", via.getReceived(), method);
                assertEquals(clientPort, via.getRPort(), method);
                assertEquals("UDP", ((gov.nist.javax.sip.stack.MessageChannel) request.getMessageChannel())
                        .getTransport().toUpperCase(java.util.Locale.ROOT), method);
                assertEquals(VIA_PORT, ((gov.nist.javax.sip.RequestEventExt) e).getRemotePort(), method);
                assertEquals("127.0.0.1", ((gov.nist.javax.sip.RequestEventExt) e).getRemoteIpAddress(), method);
                assertEquals(null, e.getServerTransaction(), method);
                assertEquals(null, e.getDialog(), method);
                // The RI's dispatch leaves the server transaction it made on the request; the direct one makes none.
                assertEquals("INVITE".equals(method), request.getTransaction() != null, method);
            }
        } finally {
            stack.stop();
        }
    }

    private static SipStack serverStack(String namePrefix) throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        return factory.createSipStack(StackProperties.server(namePrefix + UUID.randomUUID()));
    }

    /** A UDP listening point on a free port whose provider delivers to {@code listener}, its reader running. */
    private static int listen(SipStack stack, SipListener listener) throws Exception {
        int port = FreePorts.pick();
        ListeningPoint lp = stack.createListeningPoint("127.0.0.1", port, "udp");
        stack.createSipProvider(lp).addSipListener(listener);
        awaitRunning((UDPMessageProcessor) ((ListeningPointImpl) lp).getMessageProcessor(), 4);
        return port;
    }

    /** The top Via's port in {@link #request}: not the client's, so that the two can be told apart. */
    private static final int VIA_PORT = 5999;

    private static String request(String method, int i, int clientPort) {
        return method + " sip:u@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + VIA_PORT + ";rport;branch=z9hG4bKdirect" + i + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=f" + i + "\r\nTo: <sip:u@127.0.0.1>\r\n"
                + "Call-ID: d" + i + "\r\nCSeq: 1 " + method + "\r\nContact: <sip:a@127.0.0.1:" + clientPort + ">\r\n"
                + ("SUBSCRIBE".equals(method) || "PUBLISH".equals(method) ? "Event: presence\r\n" : "")
                + "Content-Length: 0\r\n\r\n";
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
    private record Recording(List<Request> requests, List<RequestEvent> events) implements SipListener {
        Recording(List<Request> requests) {
            this(requests, new CopyOnWriteArrayList<>());
        }

        @Override
        public void processRequest(RequestEvent e) {
            requests.add(e.getRequest());
            events.add(e);
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