package org.presencegw.sip.server;

import org.presencegw.sip.api.SipStats;
import org.presencegw.sip.stack.StackContext;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.ContactHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.stack.HostLiterals;
import org.presencegw.sip.stack.PendingCopies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incoming request and how it is answered: statelessly, without a server transaction (RFC 3261 8.2.7; see
 * {@link RequestHandler}). Remembers whether a final response was sent, and hands the final response to the
 * dispatcher's answer memory when the handler {@linkplain RequestHandler#replaysAnswers replays answers}.
 */
public final class ServerExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ServerExchange.class);

    private final StackContext stack;
    private final SipProvider provider;
    private final Request request;
    private volatile boolean finalSent;
    private volatile boolean deferred;
    private volatile boolean promised;
    private volatile PendingCopies.Claim copies = PendingCopies.NONE;
    private volatile AnsweredRequests answered;
    private volatile String answeredKey;
    private final long arrivedNanos = System.nanoTime();
    private volatile SipStats stats;
    /** {@link #flow()}, worked out once: a SUBSCRIBE asks for it five times. */
    private Flow flow;

    /** @param provider the provider (local address) the request arrived through; answers leave through it */
    public ServerExchange(StackContext stack, SipProvider provider, Request request) {
        this.stack = stack;
        this.provider = provider;
        this.request = request;
    }

    public StackContext stack() {
        return stack;
    }

    public Request request() {
        return request;
    }

    public boolean finalSent() {
        return finalSent;
    }

    /**
     * The handler sends the final response later, from another thread (after a durable write): the dispatcher
     * must not answer 500 for it, and a retransmission meanwhile is absorbed (RFC 3261 17.2.2, Trying state).
     */
    public void defer() {
        deferred = true;
        promised = true;
    }

    /**
     * This request is a copy of one still being handled, whose answer answers it too: no answer of its own, and
     * the dispatcher must not answer it 500.
     */
    public void absorb() {
        deferred = true;
    }

    /** The marker that makes the UDP reader drop this request's copies; released with the final answer. */
    void holdCopies(PendingCopies.Claim claim) {
        this.copies = claim;
    }

    /** The handler is done: the marker goes unless a final answer is promised and not sent yet. */
    void handled() {
        if (!promised || finalSent) {
            copies.release();
        }
    }

    /** A final response went out or is promised ({@link #defer}). */
    boolean answeredOrDeferred() {
        return finalSent || deferred;
    }

    /** The Call-ID for log lines; {@code -} when missing. */
    public String callId() {
        CallIdHeader h = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return h == null ? "-" : h.getCallId();
    }

    /** The packet's source and transport, and the local address it arrived on. */
    public Flow flow() {
        Flow known = flow;
        if (known == null) {
            known = arrivalFlow();
            flow = known; // a racing second thread builds an equal one: immutable, either will do
        }
        return known;
    }

    private Flow arrivalFlow() {
        SIPRequest r = (SIPRequest) request;
        String transport = arrivalTransport().toLowerCase(Locale.ROOT);
        String host = r.getPeerPacketSourceAddress() == null ? r.getRemoteAddress().getHostAddress()
                : r.getPeerPacketSourceAddress().getHostAddress();
        int port = r.getPeerPacketSourcePort() > 0 ? r.getPeerPacketSourcePort() : r.getRemotePort();
        String local = r.getLocalAddress() == null ? "" : HostLiterals.text(r.getLocalAddress());
        return Flow.shared(host, port, transport, local);
    }

    /** The local port the request arrived on (the transport's listening port). */
    public int localPort() {
        return ((SIPRequest) request).getLocalPort();
    }

    /** Whether the Request-URI is a {@code sips:} URI (RFC 5630: the dialog must then be secure end to end). */
    public boolean sipsRequest() {
        return "sips".equalsIgnoreCase(request.getRequestURI().getScheme());
    }

    /** Our Contact for a dialog this request starts or refreshes: SIPS for a {@code sips:} request (RFC 5630). */
    public ContactHeader contact() throws ParseException {
        return stack.contact(flow(), sipsRequest());
    }

    /**
     * The transport the request really came over (the stack's channel), else the top Via's: a Via that names
     * another transport than the packet used (RFC 4475 bext01: TLS over UDP) must not decide where answers go.
     */
    public String arrivalTransport() {
        if (((SIPRequest) request).getMessageChannel() instanceof MessageChannel channel
                && channel.getTransport() != null) {
            return channel.getTransport();
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null || via.getTransport() == null ? "udp" : via.getTransport();
    }

    public Response createResponse(int status) throws ParseException {
        return stack.messages().createResponse(status, request);
    }

    public Response createResponse(int status, String reason) throws ParseException {
        Response response = stack.messages().createResponse(status, request);
        response.setReasonPhrase(reason);
        return response;
    }

    public void respond(int status) throws ParseException {
        send(createResponse(status));
    }

    /** The first final response is counted in {@code counters} (method, status, time since arrival). */
    void countIn(SipStats counters) {
        this.stats = counters;
    }

    /** The final response is remembered in {@code answers} under {@code key} for retransmissions. */
    void rememberFinalIn(AnsweredRequests answers, String key) {
        this.answered = answers;
        this.answeredKey = key;
    }

    /** The request's To tag, empty outside a dialog. */
    public Optional<String> toTag() {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to == null ? Optional.empty() : Optional.ofNullable(to.getTag());
    }

    /** The top Via's branch, "" when absent. */
    public String branch() {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null || via.getBranch() == null ? "" : via.getBranch();
    }

    /**
     * Sends a response; failures are logged (the client retransmits, or gives up). Every response but 100 gets a
     * To tag when the request had none (RFC 3261 8.2.6.2, UAS-02): handlers that mean a dialog set their own first.
     * Over UDP it is encoded once, remembered for retransmissions as those bytes and sent on the socket it came to
     * ({@link #sendDirect}); otherwise the RI sends it.
     */
    public void send(Response response) {
        if (response.getStatusCode() > 100) {
            addToTag(response);
        }
        answerOverArrivalTransport(response);
        byte[] wire = null;
        if (response.getStatusCode() >= 200) {
            if (answered != null) {
                wire = response.toString().getBytes(StandardCharsets.UTF_8);
            }
            markFinal(response.getStatusCode(), wire);
        }
        try {
            if (!sendDirect(response, wire)) {
                provider.sendResponse(response);
            }
        } catch (SipException | IOException | RuntimeException e) {
            LOG.warn("[{}] cannot send {} response: {}", callId(), response.getStatusCode(), e.toString());
        }
    }

    /**
     * Sends a final response the caller wrote to bytes itself, as {@link #send} sends one over UDP: to the packet's
     * source on the socket the request came to, counted and remembered for retransmissions. False, with nothing
     * sent, when this request is not answered that way (not UDP, a top Via with {@code maddr} or one that names
     * another transport, no reachable socket): the caller then sends it as a {@link Response}.
     *
     * @param status the response's status code, for the counters
     */
    public boolean sendWritten(int status, byte[] wire) {
        ViaHeader top = (ViaHeader) request.getHeader(ViaHeader.NAME);
        Optional<DatagramSocket> socket = top == null || !"udp".equalsIgnoreCase(top.getTransport())
                ? Optional.empty() : directSocket(top);
        if (socket.isEmpty()) {
            return false;
        }
        markFinal(status, wire);
        SIPRequest r = (SIPRequest) request;
        try {
            socket.get().send(new DatagramPacket(wire, wire.length, r.getPeerPacketSourceAddress(),
                    r.getPeerPacketSourcePort()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("[{}] cannot send {} response: {}", callId(), status, e.toString());
        }
        return true;
    }

    /** A final response goes out: counted once, and remembered as {@code wire} when answers are replayed. */
    private void markFinal(int status, byte[] wire) {
        SipStats counters = stats;
        if (counters != null && !finalSent) {
            counters.answered(request.getMethod(), status, System.nanoTime() - arrivedNanos);
        }
        finalSent = true;
        if (answered != null && wire != null) {
            answered.remember(answeredKey, wire);
        }
        copies.release(); // after the answer is remembered: a copy that gets past the reader now finds it
    }

    /**
     * The socket for an answer sent by us over UDP ({@link #sendDirect}), empty when the RI must send it: the request
     * did not come over UDP or its source is unknown, the Via names a {@code maddr} (RFC 3261 18.2.2), or the socket
     * is not reachable.
     */
    private Optional<DatagramSocket> directSocket(ViaHeader via) {
        SIPRequest r = (SIPRequest) request;
        if (r.getPeerPacketSourceAddress() == null || r.getPeerPacketSourcePort() <= 0
                || !"udp".equalsIgnoreCase(arrivalTransport()) || via == null || via.getMAddr() != null) {
            return Optional.empty();
        }
        return stack.endpoints().udpSocket(flow());
    }

    /**
     * Sends a response to a UDP request on the socket the request came to, to the packet's source address and port
     * (decision 0011): where the RI sends it too, its Via having {@code received} and {@code rport} (RFC 3581,
     * {@code ALWAYS_ADD_RPORT}), without the RI's message channel and its second encoding. False (the RI sends it)
     * for other transports, a Via with {@code maddr} (RFC 3261 18.2.2) or when the socket is not reachable.
     *
     * @param wire the response's bytes when already encoded, else null
     */
    private boolean sendDirect(Response response, byte[] wire) throws IOException {
        Optional<DatagramSocket> socket = directSocket((ViaHeader) response.getHeader(ViaHeader.NAME));
        if (socket.isEmpty()) {
            return false;
        }
        SIPRequest r = (SIPRequest) request;
        byte[] bytes = wire != null ? wire : response.toString().getBytes(StandardCharsets.UTF_8);
        socket.get().send(new DatagramPacket(bytes, bytes.length, r.getPeerPacketSourceAddress(),
                r.getPeerPacketSourcePort()));
        return true;
    }

    /** RFC 3261 18.2.2: the answer goes back over the transport the request came by, whatever its Via claims. */
    private void answerOverArrivalTransport(Response response) {
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        String arrived = arrivalTransport();
        if (via != null && !arrived.equalsIgnoreCase(via.getTransport())) {
            try {
                via.setTransport(arrived);
            } catch (ParseException e) {
                LOG.debug("[{}] cannot set the Via transport: {}", callId(), e.toString());
            }
        }
    }

    private void addToTag(Response response) {
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() == null) {
            try {
                to.setTag(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
            } catch (ParseException e) {
                LOG.debug("[{}] cannot add a To tag: {}", callId(), e.toString());
            }
        }
    }

    /** Text of header lines the RI could not parse and dropped (e.g. {@code Event: @@@}), by header name. */
    public Optional<String> unparsedHeader(String... names) {
        var it = ((SIPRequest) request).getUnrecognizedHeaders();
        while (it.hasNext()) {
            String line = it.next();
            int colon = line.indexOf(':');
            String name = colon < 0 ? line.trim() : line.substring(0, colon).trim();
            for (String n : names) {
                if (name.equalsIgnoreCase(n)) {
                    return Optional.of(line);
                }
            }
        }
        return Optional.empty();
    }
}
