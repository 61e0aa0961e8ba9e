package org.presencegw.sip.server;

import gov.nist.javax.sip.header.SIPHeader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.publish.PublicationChange;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.publish.PublishBody;
import org.presencegw.sip.publish.PublishOutcome;
import org.presencegw.sip.publish.PublishRequest;
import org.presencegw.sip.store.StateWriter;
import org.presencegw.sip.stack.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH for the presence event package (RFC 3903): the JAIN-SIP adapter of the pure {@link PublicationStore}.
 * First the {@link RequestAuthenticator}: the publisher is the From user; it authenticates when it has a password,
 * and when either it or the presentity is protected it may only publish its own AOR (403 otherwise). A registrar
 * domain's unknown presentity gets 403 unless unknown users are allowed. Then the store decides (404, 489, 400,
 * 412, 423 + Min-Expires, 415 + Accept) and the one final response goes out: 200 with SIP-ETag and Expires, never
 * Record-Route or Contact (CONFORMANCE PUB-10). A change of the composed state goes to {@code onChange} after that.
 */
public final class PublishHandler implements RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);
    /** Lines caused by what peers send: excerpts, a few per interval ({@link ThrottledLog}). */
    private static final ThrottledLog REMOTE = new ThrottledLog(LOG);
    private static final String SIP_IF_MATCH = "SIP-If-Match";

    private final PublicationStore store;
    private final Clock clock;
    private final RequestAuthenticator auth;
    private final Consumer<PublicationChange> onChange;
    private final StateWriter writer;
    private final BooleanSupplier overloaded;

    /**
     * @param overloaded whether the server sheds new state now (the overload guard of new subscriptions): a new
     *                   publication then gets 503 + Retry-After, a refresh or modification goes through
     */
    public PublishHandler(PublicationStore store, Clock clock, RequestAuthenticator auth,
                          Consumer<PublicationChange> onChange, StateWriter writer, BooleanSupplier overloaded) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.overloaded = Objects.requireNonNull(overloaded, "overloaded");
    }

    /**
     * Answered without a server transaction (the RI would keep each one 32 s, ~5 KiB, over UDP); the dispatcher
     * replays the final answer to a retransmission, so the request is handled once.
     */
    @Override
    public boolean replaysAnswers() {
        return true;
    }

    @Override
    public void handle(ServerExchange ex) throws Exception {
        Request request = ex.request();
        Optional<SipAddress> presentity = address(request.getRequestURI().toString());
        if (presentity.isPresent() && !admitted(ex, presentity.get())) {
            return;
        }
        if (!writer.accepting()) {
            CommittedAnswers.unavailable(ex);
            return;
        }
        PublishRequest publish = toPublishRequest(ex);
        // Shed new publications while a scarce resource (heap, receive queue) is short; refreshes go through.
        PublishOutcome outcome = publish.ifMatch().isEmpty() && overloaded.getAsBoolean()
                ? new PublishOutcome.Failure(Response.SERVICE_UNAVAILABLE, "Overloaded",
                        Map.of("Retry-After", Integer.toString(PublicationStore.RETRY_AFTER_SECONDS)))
                : store.process(publish, clock.instant());
        if (outcome instanceof PublishOutcome.Failure failure) {
            LOG.debug("[{}] PUBLISH to {} refused: {} {}", ex.callId(), request.getRequestURI(), failure.status(),
                    failure.reason());
            Response r = ex.createResponse(failure.status(), failure.reason());
            for (Map.Entry<String, String> h : failure.headers().entrySet()) {
                r.addHeader(ex.stack().headers().createHeader(h.getKey(), h.getValue()));
            }
            ex.send(finish(r));
            return;
        }
        PublishOutcome.Success success = (PublishOutcome.Success) outcome;
        CommittedAnswers.after(writer, ex, success.writes(), () -> {
            Response ok = ex.createResponse(Response.OK);
            if (success.etag().isPresent()) {
                ok.addHeader(ex.stack().headers().createSIPETagHeader(success.etag().get()));
            }
            ok.addHeader(ex.stack().headers().createExpiresHeader((int) Math.min(Integer.MAX_VALUE,
                    success.expiresSeconds())));
            ex.send(finish(ok));
            success.change().ifPresent(onChange);
        });
    }

    private boolean admitted(ServerExchange ex, SipAddress presentity) throws Exception {
        FromHeader from = (FromHeader) ex.request().getHeader(FromHeader.NAME);
        Optional<SipAddress> publisher = address(from.getAddress().getURI().toString());
        if (publisher.isEmpty()) {
            REMOTE.warn("[{}] PUBLISH with unusable From {}", ex.callId(), from.getAddress());
            ex.send(finish(ex.createResponse(Response.BAD_REQUEST, "Bad From")));
            return false;
        }
        Optional<RequestAuthenticator.Admitted> admitted = auth.authenticate(ex, publisher.get());
        if (admitted.isEmpty()) {
            return false;
        }
        boolean guarded = admitted.get().username().isPresent() || auth.requiresAuthentication(presentity);
        if (guarded && !sameAor(publisher.get(), presentity)) {
            REMOTE.warn("[{}] {} may not PUBLISH for {}: 403", ex.callId(), publisher.get(), presentity);
            ex.send(finish(ex.createResponse(Response.FORBIDDEN, "Forbidden: Not Your Address Of Record")));
            return false;
        }
        return auth.admitsUser(ex, presentity);
    }

    private static boolean sameAor(SipAddress a, SipAddress b) {
        return a.user().equals(b.user()) && a.host().equals(b.host());
    }

    private static Optional<SipAddress> address(String uri) {
        try {
            return Optional.of(SipAddress.parse(uri).withoutGr());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PublishRequest toPublishRequest(ServerExchange ex) {
        Request request = ex.request();
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        Optional<String> eventText = event != null ? Optional.of(event.getEventType())
                : ex.unparsedHeader(EventHeader.NAME, "o").map(PublishHandler::value);
        List<String> ifMatch = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(SIP_IF_MATCH);
        while (it.hasNext()) {
            ifMatch.add(((SIPHeader) it.next()).getHeaderValue().strip());
        }
        // The RI drops a value it cannot parse ("a, b"): it must still count, not turn into an initial PUBLISH.
        ex.unparsedHeader(SIP_IF_MATCH).map(PublishHandler::value).ifPresent(ifMatch::add);
        ExpiresHeader expires = request.getExpires();
        Optional<String> expiresText = expires != null ? Optional.of(Integer.toString(expires.getExpires()))
                : ex.unparsedHeader(ExpiresHeader.NAME).map(PublishHandler::value);
        byte[] raw = request.getRawContent();
        Optional<PublishBody> body = Optional.empty();
        if (raw != null && raw.length > 0) {
            ContentTypeHeader ct = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
            String type = ct == null ? "application/octet-stream"
                    : ct.getContentType() + "/" + ct.getContentSubType();
            body = Optional.of(new PublishBody(type, raw));
        }
        return new PublishRequest(request.getRequestURI().toString(), eventText, ifMatch, expiresText, body);
    }

    private static String value(String headerLine) {
        return headerLine.substring(headerLine.indexOf(':') + 1).strip();
    }

    /** RFC 3903 section 6 / CONFORMANCE PUB-10: Record-Route is ignored, never echoed; a To tag is set. */
    private static Response finish(Response r) throws java.text.ParseException {
        r.removeHeader(RecordRouteHeader.NAME);
        return RequestAuthenticator.finish(r);
    }
}
