package org.presencegw.sip.subscription;

import gov.nist.javax.sip.stack.SIPTransaction;
import java.net.ConnectException;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.Address;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.stack.StackContext;

/**
 * Builds NOTIFY requests from a {@link DialogRecord} with the stack's factories (RFC 6665 4.2.2, RFC 3261
 * 12.2.1.1): Request-URI = remote target, Route = route set, From = presentity with our tag, To = watcher with
 * their tag, CSeq from the record, Via and Contact naming the advertised or local address of the dialog's flow, the subscription's {@code Event}, Subscription-State and the body.
 */
final class NotifyFactory {

    /** RFC 4662 section 4.1: the option tag of resource lists. */
    static final String EVENTLIST = "eventlist";
    private static final String MULTIPART_RELATED = "multipart/related";

    private final StackContext stack;

    NotifyFactory(StackContext stack) {
        this.stack = stack;
    }

    /**
     * @param event the event package name
     * @param body  the body and its Content-Type; a {@code multipart/related} one (a resource list) also gets
     *              {@code Require: eventlist} (RFC 4662 section 4.1)
     */
    Request build(DialogRecord d, String event, SubscriptionAction.SendNotify n, Optional<NotifyBody> body,
                  Instant now) throws ParseException, InvalidArgumentException {
        HeaderFactory h = stack.headers();
        var addresses = stack.addresses();
        Address from = addresses.createAddress(d.localUri());
        Address to = addresses.createAddress(d.remoteUri());
        String branch = "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        var via = stack.via(d.flow(), branch);
        Request request = stack.messages().createRequest(addresses.createURI(d.remoteTarget()), Request.NOTIFY,
                h.createCallIdHeader(d.callId()), h.createCSeqHeader(d.localCseq(), Request.NOTIFY),
                h.createFromHeader(from, d.localTag()), h.createToHeader(to, d.remoteTag()), List.of(via),
                h.createMaxForwardsHeader(70));
        for (String route : d.routeSet()) {
            request.addHeader(h.createRouteHeader(addresses.createAddress(route)));
        }
        request.addHeader(stack.contact(d.flow(), secure(d)));
        EventHeader eventHeader = h.createEventHeader(event);
        if (d.eventId().isPresent()) {
            eventHeader.setEventId(d.eventId().get());
        }
        request.addHeader(eventHeader);
        request.addHeader(subscriptionState(h, n, now));
        if (body.isPresent()) {
            request.setContent(body.get().bytes(), contentType(h, body.get().contentType()));
            if (body.get().contentType().startsWith(MULTIPART_RELATED)) {
                request.addHeader(h.createRequireHeader(EVENTLIST));
            }
        } else {
            request.setHeader(h.createContentLengthHeader(0));
        }
        return request;
    }

    /** {@code type/subtype}, or a full value with parameters (parsed, so that quoted values stay quoted). */
    private static ContentTypeHeader contentType(HeaderFactory h, String value) throws ParseException {
        if (value.indexOf(';') < 0) {
            String[] type = value.split("/", 2);
            return h.createContentTypeHeader(type[0], type[1]);
        }
        return (ContentTypeHeader) h.createHeader(ContentTypeHeader.NAME, value);
    }

    /** RFC 6665 4.2.2: expires = remaining time on active/pending; terminated carries a reason, no expires. */
    private static SubscriptionStateHeader subscriptionState(HeaderFactory h, SubscriptionAction.SendNotify n,
                                                             Instant now)
            throws ParseException, InvalidArgumentException {
        if (n.state() == SubscriptionState.TERMINATED) {
            SubscriptionStateHeader s = h.createSubscriptionStateHeader(SubscriptionStateHeader.TERMINATED);
            if (n.reason().isPresent()) {
                s.setReasonCode(n.reason().get().wire());
            }
            return s;
        }
        String value = n.state() == SubscriptionState.PENDING ? SubscriptionStateHeader.PENDING
                : SubscriptionStateHeader.ACTIVE;
        SubscriptionStateHeader s = h.createSubscriptionStateHeader(value);
        long millis = n.expiresAt().toEpochMilli() - now.toEpochMilli();
        s.setExpires((int) Math.max(0, (millis + 999) / 1000));
        return s;
    }

    /**
     * The NOTIFY's client transaction, on the provider bound to the local address the subscription arrived on (the
     * NOTIFY leaves from it), with Timer K = 0: T4 = 5 s over UDP (RFC 3261 17.1.2.2) keeps a completed NOTIFY
     * transaction only to absorb copies of the response; with 0 it ends as its final response arrives and a later
     * copy is a stray response, which the dispatcher drops (bench/FINDINGS.md: most of the heap's churn at high
     * rates).
     *
     * @param forgetFlow drops the subscription's flow entry, so that the {@code FlowRouter} routes by the
     *                   Request-URI (the remote target); run when the flow's connection is gone
     */
    ClientTransaction newTransaction(Request notify, Flow flow, Runnable forgetFlow) throws SipException {
        SipProvider provider = stack.endpoints().providerFor(flow);
        ClientTransaction ct;
        try {
            ct = provider.getNewClientTransaction(notify);
        } catch (TransactionUnavailableException e) {
            if (!flow.reliable() || !(e.getCause() instanceof ConnectException)) {
                throw e;
            }
            // The watcher's connection is gone (it closed it, or a NAT dropped it): RFC 3261 12.2.1.1, the
            // in-dialog request goes to the remote target (its Contact) over a new connection.
            forgetFlow.run();
            ct = provider.getNewClientTransaction(notify);
        }
        if (ct instanceof SIPTransaction t) {
            t.setTimerT4(0);
        }
        return ct;
    }

    /** A dialog a {@code sips:} SUBSCRIBE made: its Contact and our NOTIFYs' Contact are SIPS (RFC 5630 4.1). */
    static boolean secure(DialogRecord d) {
        return d.remoteTarget().regionMatches(true, 0, "sips:", 0, 5)
                || d.localUri().regionMatches(true, 0, "sips:", 0, 5);
    }
}
