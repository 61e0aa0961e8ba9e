package org.presencegw.sip.server;

import gov.nist.javax.sip.header.SIPHeader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.registrar.BindingsChanged;
import org.presencegw.sip.registrar.ListedBinding;
import org.presencegw.sip.registrar.RegisterOutcome;
import org.presencegw.sip.registrar.RegisterRequest;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.store.StateWriter;
import org.presencegw.sip.stack.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER (RFC 3261 section 10.3): the JAIN-SIP adapter of the pure {@link Registrar}. It reads the request into
 * a {@link RegisterRequest}, lets the registrar decide (the registrar serialises requests, so each one commits
 * atomically), and sends the one final response: a failure with its extra headers (Min-Expires, Unsupported), or
 * 200 listing every current binding with {@code expires} plus a Date header (REG-11) and never a Record-Route
 * (REG-12). A change of the AOR's contacts goes to {@code onChange} after the response is sent.
 * Before that the {@link RequestAuthenticator} authenticates the To user when it has a password (REG-03: the
 * registrar then refuses, 403, an authenticated user registering another AOR) and refuses unknown users of a
 * registrar domain (403) unless they are allowed.
 */
public final class RegisterHandler implements RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterHandler.class);
    /** Lines caused by what peers send: excerpts, a few per interval ({@link ThrottledLog}). */
    private static final ThrottledLog REMOTE = new ThrottledLog(LOG);

    private final Registrar registrar;
    private final Clock clock;
    private final Consumer<BindingsChanged> onChange;
    private final RequestAuthenticator auth;
    private final StateWriter writer;

    public RegisterHandler(Registrar registrar, Clock clock, Consumer<BindingsChanged> onChange,
                           RequestAuthenticator auth, StateWriter writer) {
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.writer = Objects.requireNonNull(writer, "writer");
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
        Optional<String> unparsed = ex.unparsedHeader(ContactHeader.NAME, "m");
        if (unparsed.isPresent()) {
            REMOTE.warn("[{}] REGISTER with unparsable Contact: {}", ex.callId(), unparsed.get());
            ex.send(ex.createResponse(Response.BAD_REQUEST, "Bad Contact"));
            return;
        }
        Optional<String> authenticated = Optional.empty();
        Optional<SipAddress> aor = toAor(ex);
        if (aor.isPresent()) {
            // RFC 3261 10.3 steps 3 and 4: authenticate, then authorise (unknown users of the domain).
            Optional<RequestAuthenticator.Admitted> admitted = auth.authenticate(ex, aor.get());
            if (admitted.isEmpty() || !auth.admitsUser(ex, aor.get())) {
                return;
            }
            authenticated = admitted.get().username();
        }
        if (!writer.accepting()) {
            CommittedAnswers.unavailable(ex);
            return;
        }
        RegisterRequest request = toRegisterRequest(ex, authenticated);
        RegisterOutcome outcome = registrar.process(request, clock.instant());
        if (outcome instanceof RegisterOutcome.Failure failure) {
            Response r = ex.createResponse(failure.status(), failure.reason());
            for (Map.Entry<String, String> h : failure.headers().entrySet()) {
                // One header per value: the RI's createHeader refuses a comma list ("Unsupported: a, b").
                for (String value : h.getValue().split(",")) {
                    r.addHeader(ex.stack().headers().createHeader(h.getKey(), value.strip()));
                }
            }
            ex.send(finish(r));
            return;
        }
        RegisterOutcome.Success success = (RegisterOutcome.Success) outcome;
        CommittedAnswers.after(writer, ex, success.writes(), () -> {
            Response ok = ex.createResponse(Response.OK);
            for (ListedBinding b : success.contacts()) {
                ok.addHeader(ex.stack().headers().createHeader(ContactHeader.NAME, b.headerValue()));
            }
            Calendar date = new GregorianCalendar(TimeZone.getTimeZone("GMT"));
            date.setTimeInMillis(clock.millis());
            ok.addHeader(ex.stack().headers().createDateHeader(date));
            ex.send(finish(ok));
            success.change().ifPresent(onChange);
        });
    }

    /** RFC 3261 8.2.6.2: a To tag on the final response; 10.3: Record-Route is never returned (REG-12). */
    private static Response finish(Response r) throws java.text.ParseException {
        r.removeHeader(RecordRouteHeader.NAME);
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (to.getTag() == null) {
            to.setTag(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        }
        return r;
    }

    /** The AOR of the To header, if it is a usable sip/sips address (else the registrar answers 400). */
    private static Optional<SipAddress> toAor(ServerExchange ex) {
        ToHeader to = (ToHeader) ex.request().getHeader(ToHeader.NAME);
        try {
            return Optional.of(SipAddress.parse(to.getAddress().getURI().toString()).withoutGr());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static RegisterRequest toRegisterRequest(ServerExchange ex, Optional<String> authenticatedUser) {
        Request request = ex.request();
        List<String> contacts = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            contacts.add(((SIPHeader) it.next()).getHeaderValue());
        }
        List<String> require = new ArrayList<>();
        ListIterator<?> req = request.getHeaders(RequireHeader.NAME);
        while (req.hasNext()) {
            require.add(((RequireHeader) req.next()).getOptionTag());
        }
        ExpiresHeader expires = request.getExpires();
        Optional<String> expiresText = expires != null ? Optional.of(Integer.toString(expires.getExpires()))
                : ex.unparsedHeader(ExpiresHeader.NAME).map(line -> line.substring(line.indexOf(':') + 1).strip());
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        Flow flow = ex.flow();
        return new RegisterRequest(request.getRequestURI().toString(), to.getAddress().toString(), contacts,
                expiresText, ex.callId(), ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber(), require,
                authenticatedUser, flow.transport() + ":" + flow.address() + ":" + flow.port());
    }
}
