package org.presencegw.sip.server;

import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.SipStats;
import org.presencegw.sip.stack.PendingCopies;
import org.presencegw.sip.stack.StackContext;
import org.presencegw.sip.stack.ThrottledLog;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.AllowHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin {@link SipListener}: one handler per method. ACK is never answered; a known method without a handler
 * gets 405 + Allow (RFC 3261 8.2.1), an unknown one 501 (RFC 3261 21.5.2). Nothing escapes as an exception:
 * a failing handler is logged with the Call-ID and answered 500 if no final response went out.
 */
public final class SipDispatcher implements SipListener {

    private static final Logger LOG = LoggerFactory.getLogger(SipDispatcher.class);
    /** Lines caused by what peers send: excerpts, a few per interval ({@link ThrottledLog}). */
    private static final ThrottledLog REMOTE = new ThrottledLog(LOG);
    /** Lines caused by remote input: a few per interval, the rest counted (see {@link ThrottledLog}). */
    private static final ThrottledLog RATE_LOG = new ThrottledLog(LOG);

    /** Methods of RFC 3261 and its extensions that we recognise (405 rather than 501 when not served). */
    private static final Set<String> KNOWN_METHODS = Set.of(Request.INVITE, Request.ACK, Request.BYE,
            Request.CANCEL, Request.OPTIONS, Request.REGISTER, Request.SUBSCRIBE, Request.NOTIFY, Request.MESSAGE,
            Request.INFO, Request.UPDATE, Request.PRACK, Request.REFER, Request.PUBLISH);

    /** Bound on remembered answers: ~0.6 KiB each, so at most ~20 MiB however hard the requests come. */
    private static final int MAX_REMEMBERED_ANSWERS = 32_768;

    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final ClientEvents clientEvents;
    private final AnsweredRequests answered;
    private volatile StackContext stack;
    private volatile SourceRateLimiter limiter = new SourceRateLimiter(Limits.DEFAULTS.requestsPerSecondPerSource(),
            System::nanoTime);
    private volatile Predicate<String> unlimited = source -> false;
    private volatile SipStats stats = new SipStats();
    private volatile Runnable beforeEachRequest = () -> { };

    public SipDispatcher(ClientEvents clientEvents, Clock clock) {
        this.clientEvents = clientEvents;
        this.answered = new AnsweredRequests(clock, MAX_REMEMBERED_ANSWERS);
    }

    /** Binds the dispatcher to its provider; call before the provider delivers events. */
    public void bind(StackContext context) {
        this.stack = context;
    }

    /**
     * {@code limits.requests_per_second_per_source}: a source beyond its token bucket gets 503 + Retry-After;
     * sources for which {@code exempt} holds (trusted networks, e.g. a proxy in front) are not limited.
     */
    public void limitSources(int perSecond, Predicate<String> exempt) {
        this.limiter = new SourceRateLimiter(perSecond, System::nanoTime);
        this.unlimited = exempt;
    }

    /** Where final responses are counted (method, status, handling time) for operators. */
    public void stats(SipStats counters) {
        this.stats = counters;
    }

    /** Runs {@code hook} on the listener thread before each request is taken up (e.g. to help a backlog drain). */
    public void beforeEachRequest(Runnable hook) {
        this.beforeEachRequest = Objects.requireNonNull(hook, "hook");
    }

    /** Serves {@code method} with {@code handler}; it then appears in Allow. */
    public SipDispatcher register(String method, RequestHandler handler) {
        handlers.put(method, handler);
        return this;
    }

    /** The methods we serve, for Allow headers. */
    public Set<String> allowed() {
        Set<String> methods = new TreeSet<>(handlers.keySet());
        methods.add(Request.ACK);
        return methods;
    }

    /**
     * Handles one request; over UDP, the reader's marker for its copies ({@link PendingCopies}) is released when its
     * final answer goes out, or here when none is promised.
     */
    @Override
    public void processRequest(RequestEvent event) {
        PendingCopies.Claim copies = PendingCopies.takeCurrent();
        ServerExchange exchange = null;
        try {
            exchange = exchangeFor(event, copies);
            if (exchange != null) {
                dispatch(exchange);
            }
        } finally {
            if (exchange == null) {
                copies.release();
            } else {
                exchange.handled();
            }
        }
    }

    private ServerExchange exchangeFor(RequestEvent event, PendingCopies.Claim copies) {
        beforeEachRequest.run();
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
            return null;
        }
        ServerExchange exchange = new ServerExchange(stack, (SipProvider) event.getSource(), request);
        exchange.holdCopies(copies);
        return exchange;
    }

    private void dispatch(ServerExchange exchange) {
        Request request = exchange.request();
        String method = request.getMethod();
        exchange.countIn(stats);
        if (!withinRate(exchange)) {
            return;
        }
        RequestHandler handler = handlers.get(method);
        boolean versionOk = sipVersion(request).equalsIgnoreCase("SIP/2.0");
        boolean schemeOk = isSipScheme(request) && (!exchange.sipsRequest() || securelyArrived(exchange));
        if (handler != null && handler.replaysAnswers() && versionOk && schemeOk) {
            Optional<String> key = AnsweredRequests.key(request);
            if (key.isPresent()) {
                Optional<String> before = answered.answerOf(key.get());
                if (before.isPresent() && before.get().isEmpty()) {
                    LOG.debug("[{}] copy of a {} still being handled: dropped", exchange.callId(), method);
                    return;
                }
                if (before.isPresent()) {
                    replay(exchange, before.get());
                    return;
                }
                answered.markPending(key.get());
                exchange.rememberFinalIn(answered, key.get());
            }
        }
        try {
            if (!versionOk) {
                // RFC 3261 8.2 / 21.5.7: a version we do not speak.
                exchange.respond(Response.VERSION_NOT_SUPPORTED);
            } else if (!schemeOk) {
                // RFC 3261 8.2.2.1: 416 for a Request-URI scheme we do not serve.
                exchange.respond(Response.UNSUPPORTED_URI_SCHEME);
            } else if (handler != null) {
                handler.handle(exchange);
            } else {
                // RFC 3261 8.2.1: 405 for a method we know but do not serve; 21.5.2: 501 for one we do not know.
                Response response = exchange.createResponse(KNOWN_METHODS.contains(method)
                        ? Response.METHOD_NOT_ALLOWED : Response.NOT_IMPLEMENTED);
                addAllow(response);
                exchange.send(response);
            }
        } catch (Exception | LinkageError e) {
            REMOTE.warn("[{}] {} handling failed: {}", exchange.callId(), method, e);
            LOG.debug("[{}] {} handling failed", exchange.callId(), method, e);
        } finally {
            if (!exchange.answeredOrDeferred()) {
                REMOTE.warn("[{}] {} got no final response from its handler: 500", exchange.callId(), method);
                try {
                    exchange.respond(Response.SERVER_INTERNAL_ERROR);
                } catch (Exception e) {
                    LOG.warn("[{}] cannot send 500: {}", exchange.callId(), e.toString());
                }
            }
        }
    }

    /** False (after 503 + Retry-After: 1, RFC 3261 21.5.4) when the request's source is over its rate. */
    private boolean withinRate(ServerExchange exchange) {
        String source = exchange.flow().address();
        if (limiter.admit(source) || unlimited.test(source)) {
            return true;
        }
        RATE_LOG.warn("requests from {} above limits.requests_per_second_per_source: 503", source);
        try {
            Response busy = exchange.createResponse(Response.SERVICE_UNAVAILABLE, "Request Rate Too High");
            busy.addHeader(stack.headers().createRetryAfterHeader(1));
            exchange.send(busy);
        } catch (Exception e) {
            LOG.debug("[{}] cannot send 503: {}", exchange.callId(), e.toString());
        }
        return false;
    }

    /** RFC 3261 17.2.2: a retransmitted request gets the final response again, nothing else happens. */
    private void replay(ServerExchange exchange, String answer) {
        try {
            Response response = stack.messages().createResponse(answer);
            LOG.debug("[{}] retransmitted {}: {} again", exchange.callId(), exchange.request().getMethod(),
                    response.getStatusCode());
            exchange.send(response);
        } catch (java.text.ParseException e) {
            LOG.warn("[{}] cannot replay the answer to a retransmission: {}", exchange.callId(), e.toString());
        }
    }

    private static String sipVersion(Request request) {
        if (request instanceof gov.nist.javax.sip.message.SIPRequest r && r.getRequestLine() != null
                && r.getRequestLine().getSipVersion() != null) {
            return r.getRequestLine().getSipVersion().trim();
        }
        return "SIP/2.0";
    }

    /**
     * RFC 3261 26.2.2, RFC 5630 3.1.3: a {@code sips:} Request-URI says every hop was TLS; one that arrived over UDP,
     * TCP or plain WS (the Via's word is checked against the port it came to) is answered 416 like a scheme we do
     * not serve, so its sender knows SIPS is not available here (UAS-06).
     */
    private static boolean securelyArrived(ServerExchange exchange) {
        String t = exchange.flow().transport();
        return (t.equals("tls") || t.equals("wss")) && exchange.stack().endpoints().securePort(exchange.localPort());
    }

    private static boolean isSipScheme(Request request) {
        String scheme = request.getRequestURI().getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("sip") || scheme.equalsIgnoreCase("sips"));
    }

    /** Adds {@code Allow:} with the methods we serve (RFC 3261 20.5), one header value per method. */
    public void addAllow(Response response) throws java.text.ParseException {
        for (String method : allowed()) {
            AllowHeader allow = stack.headers().createAllowHeader(method);
            response.addHeader(allow);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        if (ct == null) {
            LOG.debug("stray response {} dropped", event.getResponse().getStatusCode());
            return;
        }
        try {
            clientEvents.onResponse(ct, event.getResponse());
        } catch (RuntimeException e) {
            LOG.warn("response {} handling failed", event.getResponse().getStatusCode(), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            LOG.debug("server transaction timeout: {}", event.getTimeout());
            return;
        }
        try {
            clientEvents.onTimeout(event.getClientTransaction());
        } catch (RuntimeException e) {
            LOG.warn("timeout handling failed", e);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        REMOTE.warn("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
        try {
            clientEvents.onIoError(event.getHost(), event.getPort(), event.getTransport());
        } catch (RuntimeException e) {
            LOG.warn("I/O error handling failed", e);
        }
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        try {
            clientEvents.onTransactionTerminated(event.getClientTransaction());
        } catch (RuntimeException e) {
            LOG.warn("transaction-terminated handling failed", e);
        }
    }

    /** We never create RI dialogs (automatic dialog support is off); delete any that shows up. */
    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        LOG.warn("unexpected RI dialog {} terminated; deleting it", event.getDialog().getDialogId());
        event.getDialog().delete();
    }
}
