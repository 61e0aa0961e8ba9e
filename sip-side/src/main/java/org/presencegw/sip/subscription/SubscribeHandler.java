package org.presencegw.sip.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.event.SubscribeContext;
import org.presencegw.sip.server.RequestAuthenticator;
import org.presencegw.sip.server.RequestHandler;
import org.presencegw.sip.server.ServerExchange;
import org.presencegw.sip.store.SubscriptionKey;
import org.presencegw.sip.stack.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE for every served event package (RFC 6665 section 4.2.1, RFC 3856 section 6). Answered without a server
 * transaction: copies are recognised by {@link RetransmissionMemory}. Out of dialog it asks the domain's
 * {@link PresenceSource} and starts a subscription; in dialog it refreshes or unsubscribes (the
 * {@link SubscriptionLifecycle} does both).
 */
public final class SubscribeHandler implements RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SubscribeHandler.class);
    /** Lines caused by what peers send: excerpts, a few per interval ({@link ThrottledLog}). */
    private static final ThrottledLog REMOTE = new ThrottledLog(LOG);

    /** Retry-After of the 503 sent while overloaded. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final Subscriptions parts;
    private final SubscribeValidator validator;
    private final SubscriptionRegistry registry;
    private final SubscriptionLifecycle lifecycle;
    private final RetransmissionMemory copies;
    private final ExpiryPolicy policy;
    private final Map<String, PresenceSource> domains;
    private final LongSupplier currentSeq;
    private final RequestAuthenticator auth;
    private final DialogTags tags;

    SubscribeHandler(Subscriptions parts, ExpiryPolicy policy, Map<String, PresenceSource> domains,
                     LongSupplier currentSeq, RequestAuthenticator auth) {
        this.parts = parts;
        this.validator = new SubscribeValidator(parts.packages());
        this.registry = parts.registry();
        this.lifecycle = parts.lifecycle();
        this.copies = parts.copies();
        this.tags = parts.tags();
        this.policy = Objects.requireNonNull(policy, "policy");
        this.domains = Map.copyOf(domains);
        this.currentSeq = Objects.requireNonNull(currentSeq, "currentSeq");
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    @Override
    public void handle(ServerExchange ex) throws Exception {
        Optional<SubscribeValidator.Valid> valid = validator.validate(ex);
        if (valid.isEmpty()) {
            return;
        }
        Request request = ex.request();
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        // Our tag: the To tag in dialog; for a new dialog derived from Call-ID and From tag, so that a copy of the
        // same initial SUBSCRIBE finds the dialog the first one created.
        Optional<SubscriptionKey> key = Optional.ofNullable(toTag != null ? toTag
                        : from.getTag() == null ? null : tags.localTag(ex.callId(), from.getTag()))
                .map(tag -> new SubscriptionKey(ex.callId(), tag));
        if (key.isPresent() && copies.answerCopy(ex, key.get(), cseq)) {
            return;
        }
        if (toTag == null && parts.overloaded()) {
            // Shed new subscriptions while a scarce resource (heap, receive queue) is short; refreshes go through.
            LOG.debug("[{}] overloaded: 503", ex.callId());
            unavailable(ex, "Overloaded");
            return;
        }
        // Empty when the From URI is no usable address: answered 400 Bad Address further on.
        Optional<SipAddress> watcher = watcherOf(from);
        if (watcher.isPresent() && auth.authenticate(ex, watcher.get()).isEmpty()) {
            return;
        }
        if (toTag == null && key.flatMap(registry::find).isEmpty() && overLimit(ex, watcher)) {
            return;
        }
        OptionalLong asked = request.getExpires() == null ? OptionalLong.empty()
                : OptionalLong.of(request.getExpires().getExpires());
        ExpiryPolicy.Decision decision = policy.decide(asked);
        if (decision instanceof ExpiryPolicy.Decision.TooBrief brief) {
            // RFC 6665 4.2.1.1 / 4.2.1.4: 423 + Min-Expires; an existing subscription stays as it was.
            Response r = ex.createResponse(Response.INTERVAL_TOO_BRIEF);
            r.addHeader(ex.stack().headers().createMinExpiresHeader((int) brief.minSeconds()));
            ex.send(r);
            return;
        }
        long expires = ((ExpiryPolicy.Decision.Grant) decision).seconds();
        Optional<Subscription> existing = key.flatMap(registry::find);
        if (toTag != null || existing.isPresent()) {
            // In dialog, or a new SUBSCRIBE (higher CSeq) repeating a live dialog's Call-ID and From tag: the same
            // dialog (RFC 3261 12: Call-ID and both tags identify it), so a refresh.
            inDialog(ex, existing, valid.get(), cseq, expires);
        } else {
            outOfDialog(ex, key, watcher, valid.get(), expires);
        }
    }

    /**
     * The limits of a new subscription (issue 10, SEC-05): beyond {@code subscriptions_total} 503 + Retry-After
     * (capacity, try later); beyond {@code subscriptions_per_watcher} 403 (a policy: retrying soon does not help).
     * Checked before the source is asked, so that a refused watcher causes no XMPP traffic.
     */
    private boolean overLimit(ServerExchange ex, Optional<SipAddress> from) throws Exception {
        Limits limits = parts.currentLimits();
        if (registry.size() >= limits.subscriptionsTotal()) {
            LOG.debug("[{}] {} subscriptions live: 503", ex.callId(), registry.size());
            unavailable(ex, "Too Many Subscriptions");
            return true;
        }
        if (from.isEmpty()) {
            return false; // answered 400 Bad Address further on
        }
        SipAddress watcher = from.get();
        if (registry.ofWatcher(watcher) >= limits.subscriptionsPerWatcher()) {
            LOG.debug("[{}] {} has {} subscriptions: 403", ex.callId(), watcher, registry.ofWatcher(watcher));
            ex.send(ex.createResponse(Response.FORBIDDEN, "Too Many Subscriptions For This Watcher"));
            return true;
        }
        return false;
    }

    /** 503 + Retry-After (RFC 3261 21.5.4). */
    private static void unavailable(ServerExchange ex, String reason) throws Exception {
        Response busy = ex.createResponse(Response.SERVICE_UNAVAILABLE, reason);
        busy.addHeader(ex.stack().headers().createRetryAfterHeader(RETRY_AFTER_SECONDS));
        ex.send(busy);
    }

    /**
     * The watcher, the From URI as an address; empty when it is none. RFC 3856 6.6.1 (SEC-04) and RFC 6665 4.2.1.3
     * (SUB-21): every SUBSCRIBE, refreshes included, authenticates this watcher when it has a password: 401, never
     * 407. Whether the watcher may see the presentity stays with the presence source.
     */
    private static Optional<SipAddress> watcherOf(FromHeader from) {
        try {
            return Optional.of(SipAddress.parse(from.getAddress().getURI().toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void outOfDialog(ServerExchange ex, Optional<SubscriptionKey> key, Optional<SipAddress> watcherAddress,
                             SubscribeValidator.Valid valid, long expires) throws Exception {
        Request request = ex.request();
        SipURI target = (SipURI) request.getRequestURI();
        PresenceSource source = domains.get(target.getHost().toLowerCase(Locale.ROOT));
        if (source == null) {
            ex.send(ex.createResponse(Response.NOT_FOUND, "Domain Not Served"));
            return;
        }
        if (source.servesLists() && !supportsEventlist(request)) {
            // RFC 4662 4.1: a list is served only to a subscriber that supports lists: 421 + Require.
            Response r = ex.createResponse(Response.EXTENSION_REQUIRED);
            r.addHeader(ex.stack().headers().createRequireHeader(NotifyFactory.EVENTLIST));
            ex.send(r);
            return;
        }
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (key.isEmpty() || contact == null) {
            // RFC 6665 4.1.2.1 / RFC 3261 8.1.1.3: a dialog needs the From tag and a Contact.
            REMOTE.warn("[{}] SUBSCRIBE without From tag or Contact", ex.callId());
            ex.send(ex.createResponse(Response.BAD_REQUEST, "Missing From Tag Or Contact"));
            return;
        }
        SipAddress presentity;
        try {
            if (watcherAddress.isEmpty()) { // the reason, for the log line
                SipAddress.parse(from.getAddress().getURI().toString());
            }
            presentity = SipAddress.parse(target.toString());
        } catch (IllegalArgumentException e) {
            REMOTE.warn("[{}] SUBSCRIBE with unusable address: {}", ex.callId(), e.getMessage());
            ex.send(ex.createResponse(Response.BAD_REQUEST, "Bad Address"));
            return;
        }
        SipAddress watcher = watcherAddress.get();
        long seq = currentSeq.getAsLong();
        WatchResult result = source.watch(watcher, presentity);
        if (result instanceof WatchResult.Refused refused) {
            LOG.debug("[{}] {} refused {} -> {}: {} {}", ex.callId(), source.name(), watcher, presentity,
                    refused.status(), refused.reason());
            ex.send(ex.createResponse(refused.status(), refused.reason()));
            return;
        }
        WatchResult.Accepted accepted = (WatchResult.Accepted) result;
        // Many watchers watch one presentity and write it the same way: one copy of its URI and address, taken
        // from a live subscription of the same view when it has them (a string compare), else from the shared
        // strings. Those missed on every SUBSCRIBE to a presentity not asked for lately and went to the JVM's
        // string table, ~1 us a lookup on a table of every interned user part (bench/FINDINGS.md, session 37).
        Subscription neighbour = registry.anyOf(accepted.view());
        DialogRecord dialog = new DialogRecord(ex.callId(), key.get().localTag(), from.getTag(),
                Subscription.sharedLocalUri(
                        ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI().toString(), neighbour),
                from.getAddress().getURI().toString(), 0, cseq(request), recordRoutes(request),
                contact.getAddress().getURI().toString(), ex.flow(), eventId(request));
        SipAddress sharedPresentity = Subscription.sharedPresentity(presentity, neighbour);
        String packageData = valid.eventPackage().packageData(new SubscribeContext(userAgent(request),
                valid.mediaType()));
        Subscription s = Subscription.ofSharedPresentity(dialog, accepted.view(), watcher, sharedPresentity, source,
                valid.eventPackage(), valid.mediaType(), packageData, seq);
        s.acceptedBranch(ex.branch());
        lifecycle.start(s, accepted.current(), expires, ex, currentSeq);
    }

    /** RFC 6665 4.2.1.4 refresh / 4.1.2.3 unsubscribe; RFC 3261 12.2.2 and RFC 6665 4.2.1.2: unknown 481. */
    private void inDialog(ServerExchange ex, Optional<Subscription> existing, SubscribeValidator.Valid valid,
                          long cseq, long expires) throws Exception {
        Request request = ex.request();
        // A subscription is the dialog plus the Event type and id (RFC 6665 4.1.2.2): another event is not it.
        if (existing.isEmpty() || existing.get().eventPackage() != valid.eventPackage()
                || !existing.get().dialog().eventId().equals(eventId(request))) {
            ex.send(ex.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        Optional<String> target = contact == null ? Optional.empty()
                : Optional.of(contact.getAddress().getURI().toString());
        Subscription s = existing.get();
        lifecycle.refresh(s, cseq, target, ex.flow(), expires, ex);
        synchronized (s) {
            if (s.isCopy(cseq)) {
                s.acceptedBranch(ex.branch());
            }
        }
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

    private static boolean supportsEventlist(Request request) {
        for (ListIterator<?> it = request.getHeaders(SupportedHeader.NAME); it.hasNext(); ) {
            if (NotifyFactory.EVENTLIST.equalsIgnoreCase(((SupportedHeader) it.next()).getOptionTag())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> eventId(Request request) {
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        return Optional.ofNullable(event.getEventId());
    }

    private static Optional<String> userAgent(Request request) {
        UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        if (ua == null) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (var it = ua.getProduct(); it.hasNext(); ) {
            text.append(text.length() == 0 ? "" : " ").append(it.next());
        }
        return Optional.of(text.toString());
    }
}
