package org.presencegw.sip.server;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.subscription.ExpiresPolicy;
import org.presencegw.sip.subscription.SubscriptionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE for the presence event package (RFC 6665 section 4.2.1, RFC 3856 section 6). Out of dialog: asks the
 * domain's {@link PresenceSource} and creates a subscription; in dialog: refresh or unsubscribe.
 */
public final class SubscribeHandler implements RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SubscribeHandler.class);

    /** Retry-After of the 503 sent while overloaded. */
    private static final int RETRY_AFTER_SECONDS = 5;

    private final PresenceAgent agent;
    private final ExpiresPolicy policy;
    private final Map<String, PresenceSource> domains;
    private final LongSupplier currentSeq;
    private final RequestAuthenticator auth;
    private final DialogTags tags = new DialogTags();

    /** A handler without authentication. */
    public SubscribeHandler(PresenceAgent agent, ExpiresPolicy policy, Map<String, PresenceSource> domains,
                            LongSupplier currentSeq) {
        this(agent, policy, domains, currentSeq, new RequestAuthenticator());
    }

    public SubscribeHandler(PresenceAgent agent, ExpiresPolicy policy, Map<String, PresenceSource> domains,
                            LongSupplier currentSeq, RequestAuthenticator auth) {
        this.agent = agent;
        this.policy = policy;
        this.domains = Map.copyOf(domains);
        this.currentSeq = currentSeq;
        this.auth = auth;
    }

    @Override
    public void handle(ServerExchange ex) throws Exception {
        if (!SubscribeValidator.validate(ex)) {
            return;
        }
        Request request = ex.request();
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        // Our tag: the To tag in dialog; for a new dialog derived from Call-ID and From tag, so that a copy of the
        // same initial SUBSCRIBE finds the dialog the first one created.
        String localTag = toTag != null ? toTag
                : from.getTag() == null ? null : tags.localTag(ex.callId(), from.getTag());
        // Answered without a server transaction: a retransmission gets the answer of its first copy, before
        // authentication (its nonce-count was used by the first copy) and without acting twice.
        if (ex.stateless() && localTag != null && agent.answerRetransmission(ex, localTag, cseq(request))) {
            return;
        }
        if (toTag == null && agent.overloaded()) {
            // Shed new subscriptions while watchers leave our NOTIFYs unanswered; refreshes still go through.
            LOG.debug("[{}] overloaded: 503", ex.callId());
            Response busy = ex.createResponse(Response.SERVICE_UNAVAILABLE, "Overloaded");
            busy.addHeader(ex.stack().headers().createRetryAfterHeader(RETRY_AFTER_SECONDS));
            ex.send(busy);
            return;
        }
        if (!authenticated(ex)) {
            return;
        }
        OptionalInt asked = ex.request().getExpires() == null ? OptionalInt.empty()
                : OptionalInt.of(ex.request().getExpires().getExpires());
        ExpiresPolicy.Decision decision = policy.decide(asked);
        if (decision instanceof ExpiresPolicy.Decision.TooBrief brief) {
            // RFC 6665 4.2.1.1 / 4.2.1.4: 423 + Min-Expires; an existing subscription stays as it was.
            Response r = ex.createResponse(Response.INTERVAL_TOO_BRIEF);
            MinExpiresHeader min = ex.stack().headers().createMinExpiresHeader(brief.minExpires());
            r.addHeader(min);
            ex.send(r);
            return;
        }
        int expires = ((ExpiresPolicy.Decision.Grant) decision).expires();
        if (toTag != null || (localTag != null && agent.find(ex.callId(), localTag).isPresent())) {
            // In dialog, or a new SUBSCRIBE (higher CSeq) repeating a live dialog's Call-ID and From tag: the same
            // dialog (RFC 3261 12: Call-ID and both tags identify it), so a refresh.
            inDialog(ex, expires, localTag);
        } else {
            outOfDialog(ex, expires, localTag);
        }
    }

    /** Answers without server transactions; {@link PresenceAgent#answerRetransmission} absorbs retransmissions. */
    @Override
    public boolean stateless() {
        return true;
    }

    /**
     * RFC 3856 6.6.1 (SEC-04) and RFC 6665 4.2.1.3 (SUB-21): every SUBSCRIBE, refreshes included, authenticates
     * its watcher (the From user) when that user has a password: 401, never 407. Whether the watcher may see the
     * presentity stays with the presence source.
     */
    private boolean authenticated(ServerExchange ex) throws Exception {
        FromHeader from = (FromHeader) ex.request().getHeader(FromHeader.NAME);
        SipAddress watcher;
        try {
            watcher = SipAddress.parse(from.getAddress().getURI().toString());
        } catch (IllegalArgumentException e) {
            return true; // answered 400 Bad Address further on
        }
        return auth.authenticate(ex, watcher).isPresent();
    }

    private void outOfDialog(ServerExchange ex, int expires, String localTag) throws Exception {
        Request request = ex.request();
        SipURI target = (SipURI) request.getRequestURI();
        PresenceSource source = domains.get(target.getHost().toLowerCase(Locale.ROOT));
        if (source == null) {
            ex.send(ex.createResponse(Response.NOT_FOUND, "Domain Not Served"));
            return;
        }
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (from.getTag() == null || contact == null) {
            // RFC 6665 4.1.2.1 / RFC 3261 8.1.1.3: a dialog needs the From tag and a Contact.
            LOG.warn("[{}] SUBSCRIBE without From tag or Contact", ex.callId());
            ex.send(ex.createResponse(Response.BAD_REQUEST, "Missing From Tag Or Contact"));
            return;
        }
        SipAddress watcher;
        SipAddress presentity;
        try {
            watcher = SipAddress.parse(from.getAddress().getURI().toString());
            presentity = SipAddress.parse(target.toString());
        } catch (IllegalArgumentException e) {
            LOG.warn("[{}] SUBSCRIBE with unusable address: {}", ex.callId(), e.getMessage());
            ex.send(ex.createResponse(Response.BAD_REQUEST, "Bad Address"));
            return;
        }
        long seq = currentSeq.getAsLong();
        WatchResult result = source.watch(watcher, presentity);
        if (result instanceof WatchResult.Refused refused) {
            LOG.debug("[{}] {} refused {} -> {}: {} {}", ex.callId(), source.name(), watcher, presentity,
                    refused.status(), refused.reason());
            ex.send(ex.createResponse(refused.status(), refused.reason()));
            return;
        }
        WatchResult.Accepted accepted = (WatchResult.Accepted) result;
        DialogRecord dialog = new DialogRecord(ex.callId(), localTag, from.getTag(),
                shared(((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI().toString(), presentity),
                shared(from.getAddress().getURI().toString(), watcher), 0, cseq(request), recordRoutes(request),
                contact.getAddress().getURI().toString(), ex.flow(), eventId(request));
        Subscription s = new Subscription(dialog, accepted.view(), watcher, presentity, source, seq);
        agent.start(s, new SubscriptionEvent.Accepted(accepted.current(), expires), ex);
    }

    /** RFC 6665 4.2.1.4 refresh / 4.1.2.3 unsubscribe; RFC 3261 12.2.2: unknown dialog 481, old CSeq 500. */
    private void inDialog(ServerExchange ex, int expires, String localTag) throws Exception {
        Request request = ex.request();
        Optional<Subscription> found = agent.find(ex.callId(), localTag);
        if (found.isEmpty()) {
            ex.send(ex.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        Subscription s = found.get();
        synchronized (s) {
            long cseq = cseq(request);
            if (cseq <= s.dialog.remoteCseq()) {
                LOG.warn("[{}] SUBSCRIBE CSeq {} not above {}", ex.callId(), cseq, s.dialog.remoteCseq());
                ex.send(ex.createResponse(Response.SERVER_INTERNAL_ERROR, "CSeq Out Of Order"));
                return;
            }
            ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
            String target = contact == null ? s.dialog.remoteTarget() : contact.getAddress().getURI().toString();
            DialogRecord before = s.dialog;
            s.dialog = s.dialog.refreshed(cseq, target, ex.flow());
            if (!agent.apply(s, new SubscriptionEvent.Refreshed(expires), Optional.of(ex))) {
                s.dialog = before;
                ex.send(ex.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            } else if (expires == 0) {
                agent.endedBySubscribe(s.id(), cseq);
            }
        }
    }

    /** {@code uri}, or the address's own text when equal (one string less per subscription). */
    private static String shared(String uri, SipAddress address) {
        String own = address.uri();
        return own.equals(uri) ? own : uri;
    }

    private static long cseq(Request request) {
        return ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    /** RFC 3261 12.1.1: the UAS route set is the Record-Route list in order. */
    private static List<String> recordRoutes(Request request) {
        List<String> routes = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(RecordRouteHeader.NAME);
        while (it.hasNext()) {
            routes.add(((RecordRouteHeader) it.next()).getAddress().toString());
        }
        return routes;
    }

    private static Optional<String> eventId(Request request) {
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        return Optional.ofNullable(event.getEventId());
    }

}
