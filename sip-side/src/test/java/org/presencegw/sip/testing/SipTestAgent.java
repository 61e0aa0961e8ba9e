package org.presencegw.sip.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scripted SIP watcher for tests: its own JAIN-SIP stack (unique name) on 127.0.0.1 (or the address of its
 * {@link AgentOptions}) and a free port, UDP, TCP or TLS, that sends every request to one server and queues what comes back, MockWebServer-style. It keeps the
 * subscription dialog itself (remote tag, remote target, route set, CSeq) and answers every NOTIFY
 * automatically (200 unless {@link #answerNotifiesWith(int)} says otherwise).
 *
 * <pre>{@code
 * try (SipTestAgent alice = SipTestAgent.start(Transport.UDP, "127.0.0.1", serverPort)) {
 *     SubscriptionHandle h = alice.subscribe("sip:bob@jabber.example", "sip:alice@sip.example", 600, Map.of());
 *     Response ok = alice.awaitResponse(Duration.ofSeconds(5));           // 200, Expires: 600
 *     ReceivedNotify first = alice.awaitNotify(Duration.ofSeconds(5));    // active;expires=600 + PIDF
 *     assertEquals("active", first.state());
 *     alice.refresh(h, 600);                                               // in-dialog, CSeq + 1
 *     alice.awaitResponse(Duration.ofSeconds(5));
 *     alice.awaitNotify(Duration.ofSeconds(5));
 *     alice.unsubscribe(h);                                                // Expires: 0
 *     ReceivedNotify last = alice.awaitNotify(Duration.ofSeconds(5));     // terminated;reason=timeout
 * }
 * }</pre>
 *
 * <p>{@code extraHeaders} are added with the header factory ({@code Map.of("Accept", "text/plain")}); a header
 * named there replaces the default one, and an empty value removes it ({@code Map.of("Event", "")}).
 * For bytes the RI would not let us build, use {@link #sendRaw(byte[])} (UDP, separate socket) and
 * {@link #awaitRaw(Duration)}. The {@code await*} methods fail with {@link AssertionError} on timeout.
 */
public final class SipTestAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipTestAgent.class);

    private final Transport transport;
    private final AgentOptions options;
    private final String routeToServer;
    private final int port;
    private final InetSocketAddress server;
    private final SipStack stack;
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<ReceivedNotify> notifies = new LinkedBlockingQueue<>();
    private final BlockingQueue<Request> otherRequests = new LinkedBlockingQueue<>();
    private final Map<String, SubscriptionHandle> dialogs = new ConcurrentHashMap<>();
    private final DatagramSocket raw;
    private volatile int notifyAnswer = Response.OK;
    private volatile int contactPort;
    private volatile boolean alsoTcp;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SipTestAgent(Transport transport, String serverHost, int serverPort, AgentOptions options)
            throws Exception {
        this.transport = transport;
        this.options = options;
        this.routeToServer = AgentOptions.routeTo(serverHost, serverPort, transport);
        this.server = new InetSocketAddress(serverHost, serverPort);
        this.port = FreePorts.pick();
        this.contactPort = port;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = options.stackProperties("test-agent-" + UUID.randomUUID(), serverHost, serverPort,
                transport);
        this.stack = factory.createSipStack(p);
        ListeningPoint lp = stack.createListeningPoint(options.local(), port, transport.wire());
        this.provider = stack.createSipProvider(lp);
        this.messages = factory.createMessageFactory();
        this.headers = factory.createHeaderFactory();
        this.addresses = factory.createAddressFactory();
        provider.addSipListener(new Listener());
        stack.start();
        this.raw = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Starts an agent on 127.0.0.1 and a free port that sends everything to {@code serverHost:serverPort}. */
    public static SipTestAgent start(Transport transport, String serverHost, int serverPort) {
        return start(transport, serverHost, serverPort, AgentOptions.defaults());
    }

    /** Starts an agent set up as {@code options} say. */
    public static SipTestAgent start(Transport transport, String serverHost, int serverPort, AgentOptions options) {
        try {
            return new SipTestAgent(transport, serverHost, serverPort, options);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start SIP test agent: " + e, e);
        }
    }

    public int port() {
        return port;
    }

    public Transport transport() {
        return transport;
    }

    /**
     * Listens on TCP too, at the same port, and advertises a Contact without transport parameter, as a phone that
     * takes either does (RFC 3261 18: every element supports UDP and TCP).
     */
    public void listenOnTcpToo() {
        try {
            provider.addListeningPoint(stack.createListeningPoint("127.0.0.1", port, "tcp"));
            alsoTcp = true;
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on TCP " + port + ": " + e, e);
        }
    }

    /** Advertise this port in Contact instead of the listening one (to test that NOTIFYs follow the flow). */
    public void advertiseContactPort(int advertised) {
        this.contactPort = advertised;
    }

    /** Status for the automatic answer to NOTIFYs (default 200), e.g. 481 to end the subscription. */
    public void answerNotifiesWith(int status) {
        this.notifyAnswer = status;
    }

    /** Sends an out-of-dialog SUBSCRIBE ({@code Event: presence}); the response goes to {@link #awaitResponse}. */
    public SubscriptionHandle subscribe(String requestUri, String fromUri, Integer expiresOrNull,
                                        Map<String, String> extraHeaders) {
        SubscriptionHandle h = new SubscriptionHandle(UUID.randomUUID() + "@agent", newTag(), fromUri,
                requestUri, requestUri);
        dialogs.put(h.callId(), h);
        sendSubscribe(h, expiresOrNull, extraHeaders, true);
        return h;
    }

    /** In-dialog SUBSCRIBE refreshing the subscription. */
    public void refresh(SubscriptionHandle h, int expires) {
        refresh(h, expires, Map.of());
    }

    public void refresh(SubscriptionHandle h, int expires, Map<String, String> extraHeaders) {
        sendSubscribe(h, expires, extraHeaders, false);
    }

    /** In-dialog SUBSCRIBE with {@code Expires: 0} (RFC 6665 4.1.2.3). */
    public void unsubscribe(SubscriptionHandle h) {
        sendSubscribe(h, 0, Map.of(), false);
    }

    /** Sends an out-of-dialog request of any method (OPTIONS, INVITE, FOO ...) with optional body. */
    public void send(String method, String requestUri, Map<String, String> extraHeaders, Optional<String> body) {
        try {
            Request r = newRequest(method, requestUri, "sip:agent@" + AgentOptions.uriHost(options.local()), newTag(),
                    requestUri, null, UUID.randomUUID() + "@agent", 1, initialRoute());
            applyExtras(r, extraHeaders);
            if (body.isPresent()) {
                ContentTypeHeader ct = (ContentTypeHeader) r.getHeader(ContentTypeHeader.NAME);
                if (ct == null) {
                    ct = headers.createContentTypeHeader("application", "octet-stream");
                }
                r.setContent(body.get().getBytes(StandardCharsets.UTF_8), ct);
            }
            provider.getNewClientTransaction(r).sendRequest();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send " + method + ": " + e, e);
        }
    }

    public void options(String uri) {
        send(Request.OPTIONS, uri, Map.of(), Optional.empty());
    }

    /** The next final response to any request we sent. */
    public Response awaitResponse(Duration timeout) {
        return take(responses, timeout, "final response");
    }

    /** The next NOTIFY (already answered). */
    public ReceivedNotify awaitNotify(Duration timeout) {
        return take(notifies, timeout, "NOTIFY");
    }

    /**
     * Takes NOTIFYs until one matches {@code match} and returns it; the ones before it are dropped. Fails, listing
     * the dropped ones, when none matches within {@code timeout}.
     */
    public ReceivedNotify awaitNotify(String what, Duration timeout, Predicate<ReceivedNotify> match) {
        return Awaiting.firstMatch(notifies, "NOTIFY with " + what, timeout, match,
                n -> n.subscriptionState() + " " + n.body().replaceAll("\\s+", " "));
    }

    /** Every NOTIFY received so far and not taken yet, without waiting. */
    public List<ReceivedNotify> drainNotifies() {
        List<ReceivedNotify> all = new java.util.ArrayList<>();
        notifies.drainTo(all);
        return all;
    }

    /** Asserts that no NOTIFY arrives within {@code quiet}: lets that time pass on purpose. */
    public void expectNoNotify(Duration quiet) {
        try {
            ReceivedNotify n = notifies.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (n != null) {
                throw new AssertionError("unexpected NOTIFY " + n.subscriptionState() + " for " + n.callId() + " CSeq "
                        + n.cseq() + ": " + n.body().replaceAll("\\s+", " "));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Sends bytes as one UDP datagram to the server, from a separate plain socket. */
    public void sendRaw(byte[] datagram) {
        try {
            raw.send(new DatagramPacket(datagram, datagram.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port of the socket {@link #sendRaw} sends from (put it in a Via with {@code rport} to get replies). */
    public int rawPort() {
        return raw.getLocalPort();
    }

    /** The next datagram received on the raw socket, as ISO-8859-1 text; empty on timeout. */
    public Optional<String> awaitRaw(Duration timeout) {
        byte[] buf = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            raw.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            raw.receive(packet);
            return Optional.of(new String(buf, 0, packet.getLength(), StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the UA's stack; a second call does nothing (a fixture may close what a test already closed). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        raw.close();
        Thread stopper = new Thread(stack::stop, "test-agent-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendSubscribe(SubscriptionHandle h, Integer expires, Map<String, String> extraHeaders,
                               boolean initial) {
        try {
            String target = initial ? h.toUri() : h.remoteTarget();
            Request r = newRequest(Request.SUBSCRIBE, target, h.fromUri(), h.localTag(), h.toUri(),
                    initial ? null : h.remoteTag(), h.callId(), h.nextCseq(), initial ? initialRoute() : h.routeSet());
            r.addHeader(headers.createEventHeader("presence"));
            if (expires != null) {
                r.addHeader(headers.createExpiresHeader(expires));
            }
            applyExtras(r, extraHeaders);
            ClientTransaction ct = provider.getNewClientTransaction(r);
            ct.setApplicationData(h);
            ct.sendRequest();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send SUBSCRIBE: " + e, e);
        }
    }

    private Request newRequest(String method, String requestUri, String fromUri, String fromTag, String toUri,
                               String toTag, String callId, long cseq, List<String> routes) throws Exception {
        var via = headers.createViaHeader(AgentOptions.uriHost(options.local()), port, transport.wire(), null);
        via.setRPort();
        Request r = messages.createRequest(addresses.createURI(requestUri), method,
                headers.createCallIdHeader(callId), headers.createCSeqHeader(cseq, method),
                headers.createFromHeader(addresses.createAddress(fromUri), fromTag),
                headers.createToHeader(addresses.createAddress(toUri), toTag), List.of(via),
                headers.createMaxForwardsHeader(70));
        for (String route : routes) {
            r.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
        }
        SipURI contact = addresses.createSipURI("agent", AgentOptions.uriHost(options.local()));
        contact.setPort(contactPort);
        if (!alsoTcp) {
            contact.setTransportParam(transport.wire());
        }
        r.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
        return r;
    }

    /** Direct agents preload a loose route to the server on out-of-dialog requests. */
    private List<String> initialRoute() {
        return options.direct() ? List.of(routeToServer) : List.of();
    }

    private void applyExtras(Request r, Map<String, String> extraHeaders) throws Exception {
        for (Map.Entry<String, String> e : extraHeaders.entrySet()) {
            r.removeHeader(e.getKey());
            if (e.getValue().contains(",") && e.getKey().equalsIgnoreCase("Accept")) {
                // A list header the RI will not take as one value: one header per element, in order.
                for (Object h : headers.createHeaders(e.getKey() + ": " + e.getValue())) {
                    r.addHeader((javax.sip.header.Header) h);
                }
            } else if (!e.getValue().isEmpty()) {
                r.addHeader(headers.createHeader(e.getKey(), e.getValue()));
            }
        }
    }

    private static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    private static <T> T take(BlockingQueue<T> queue, Duration timeout, String what) {
        try {
            T item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    private static String uriOf(ContactHeader contact) {
        return contact == null ? null : contact.getAddress().getURI().toString();
    }

    private final class Listener implements SipListener {

        /** Held from answering a NOTIFY until it is queued for the test. */
        private final Object notifyOrder = new Object();

        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            if (Request.ACK.equals(request.getMethod())) {
                return;
            }
            try {
                ServerTransaction st = event.getServerTransaction();
                if (st == null) {
                    st = provider.getNewServerTransaction(request);
                }
                if (Request.NOTIFY.equals(request.getMethod())) {
                    onNotify(request, st);
                } else {
                    otherRequests.add(request);
                    st.sendResponse(messages.createResponse(Response.METHOD_NOT_ALLOWED, request));
                }
            } catch (Exception e) {
                LOG.warn("test agent could not handle {}: {}", request.getMethod(), e.toString());
            }
        }

        private void onNotify(Request request, ServerTransaction st) throws Exception {
            String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
            SubscriptionHandle h = dialogs.get(callId);
            if (h != null) {
                h.learn(((FromHeader) request.getHeader(FromHeader.NAME)).getTag(),
                        uriOf((ContactHeader) request.getHeader(ContactHeader.NAME)), null);
            }
            // The listener is reentrant (4 threads): without the lock, the server's next NOTIFY, which our answer
            // lets go, could be queued by another thread before this one (a test would see the states reordered).
            synchronized (notifyOrder) {
                try {
                    Response answer = messages.createResponse(notifyAnswer, request);
                    ToHeader to = (ToHeader) answer.getHeader(ToHeader.NAME);
                    if (to.getTag() == null) {
                        to.setTag(newTag());
                    }
                    st.sendResponse(answer);
                } finally {
                    notifies.add(toNotify(request, callId)); // received, even if our answer could not go (logged)
                }
            }
        }

        private ReceivedNotify toNotify(Request request, String callId) {
            SubscriptionStateHeader ss = (SubscriptionStateHeader) request.getHeader(SubscriptionStateHeader.NAME);
            String raw = ss == null ? "" : ss.toString().substring(ss.toString().indexOf(':') + 1).trim();
            String state = ss == null ? "" : ss.getState();
            Optional<String> reason = ss == null ? Optional.empty() : Optional.ofNullable(ss.getReasonCode());
            OptionalInt expires = ss == null || ss.getExpires() < 0 ? OptionalInt.empty()
                    : OptionalInt.of(ss.getExpires());
            ContentTypeHeader ct = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
            byte[] body = request.getRawContent();
            Optional<String> type = ct == null ? Optional.empty()
                    : Optional.of(ct.getContentType() + "/" + ct.getContentSubType());
            long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
            return new ReceivedNotify(raw, state, reason, expires, type,
                    body == null ? "" : new String(body, StandardCharsets.UTF_8), callId, cseq, request);
        }

        @Override
        public void processResponse(ResponseEvent event) {
            Response response = event.getResponse();
            if (response.getStatusCode() < 200) {
                return;
            }
            ClientTransaction ct = event.getClientTransaction();
            if (ct != null && ct.getApplicationData() instanceof SubscriptionHandle h
                    && response.getStatusCode() < 300) {
                List<String> routes = new ArrayList<>();
                ListIterator<?> it = response.getHeaders(RecordRouteHeader.NAME);
                while (it.hasNext()) {
                    routes.add(((RecordRouteHeader) it.next()).getAddress().toString());
                }
                Collections.reverse(routes);
                h.learn(((ToHeader) response.getHeader(ToHeader.NAME)).getTag(),
                        uriOf((ContactHeader) response.getHeader(ContactHeader.NAME)), routes);
            }
            responses.add(response);
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            LOG.info("test agent: transaction timeout");
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            LOG.info("test agent: I/O error towards {}:{}", event.getHost(), event.getPort());
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
            LOG.trace("test agent: transaction terminated");
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
            event.getDialog().delete();
        }
    }
}
