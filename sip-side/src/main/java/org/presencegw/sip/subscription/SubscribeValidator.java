package org.presencegw.sip.subscription;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import javax.sip.header.AcceptHeader;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.event.EventPackage;
import org.presencegw.sip.event.EventPackages;
import org.presencegw.sip.event.MediaRange;
import org.presencegw.sip.server.ServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks of a SUBSCRIBE that do not depend on subscription state, in RFC 3261 8.2 order after the dispatcher's
 * (version, URI scheme): Require, body, then the event package, Accept and Expires. Answers the first failure;
 * the RI drops unparsable {@code Event} and {@code Expires} values silently, so their raw text is looked at too.
 * Thread-safe.
 */
final class SubscribeValidator {

    private static final Logger LOG = LoggerFactory.getLogger(SubscribeValidator.class);

    /** A SUBSCRIBE that passed: its event package and the body type negotiated from its Accept. */
    record Valid(EventPackage eventPackage, String mediaType) {
    }

    private final EventPackages packages;

    SubscribeValidator(EventPackages packages) {
        this.packages = packages;
    }

    /** The package and body type, or empty when {@code ex} was answered with an error. */
    Optional<Valid> validate(ServerExchange ex) throws ParseException {
        Request request = ex.request();
        var headers = ex.stack().headers();
        List<String> required = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(RequireHeader.NAME);
        while (it.hasNext()) {
            required.add(((RequireHeader) it.next()).getOptionTag());
        }
        if (!required.isEmpty()) {
            // RFC 3261 8.2.2.3: we support no extension, so every Require option is unknown.
            Response r = ex.createResponse(Response.BAD_EXTENSION);
            for (String option : required) {
                r.addHeader(headers.createUnsupportedHeader(option));
            }
            return reject(ex, r, "Require " + required);
        }
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        Optional<EventPackage> pkg = event == null ? Optional.empty() : packages.find(event.getEventType());
        ContentLengthHeader length = request.getContentLength();
        if (length != null && length.getContentLength() > 0) {
            // RFC 3261 8.2.3; RFC 6665 filters are not supported.
            Response r = ex.createResponse(Response.UNSUPPORTED_MEDIA_TYPE);
            for (String type : pkg.map(EventPackage::mediaTypes).orElse(List.copyOf(packages.mediaTypes()))) {
                String[] ts = type.split("/", 2);
                r.addHeader(headers.createAcceptHeader(ts[0], ts[1]));
            }
            return reject(ex, r, "SUBSCRIBE body");
        }
        if (pkg.isEmpty()) {
            // RFC 6665 4.2.1.1 / 3.1.2: 489 Bad Event, advertising what we serve.
            Response r = ex.createResponse(Response.BAD_EVENT);
            for (String name : packages.names()) {
                r.addHeader(headers.createAllowEventsHeader(name));
            }
            String what = event != null ? event.getEventType() : ex.unparsedHeader("Event", "o").orElse("none");
            return reject(ex, r, "Event " + what);
        }
        Optional<String> mediaType = pkg.get().negotiate(mediaRanges(request));
        if (mediaType.isEmpty()) {
            // RFC 6665 4.1.2.1 / RFC 3856 6.5: none of the bodies we produce is acceptable.
            return reject(ex, ex.createResponse(Response.NOT_ACCEPTABLE), "Accept without a type of "
                    + pkg.get().name());
        }
        if (ex.unparsedHeader("Expires").isPresent()) {
            return reject(ex, ex.createResponse(Response.BAD_REQUEST, "Bad Expires"), "bad Expires");
        }
        return Optional.of(new Valid(pkg.get(), mediaType.get()));
    }

    /** The Accept ranges; an Accept header present but empty accepts nothing ({@link MediaRange#NOTHING}). */
    private static List<MediaRange> mediaRanges(Request request) {
        List<MediaRange> ranges = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(AcceptHeader.NAME);
        while (it.hasNext()) {
            AcceptHeader a = (AcceptHeader) it.next();
            if (a.getContentType() != null) {
                double q = a.getQValue() >= 0 ? a.getQValue() : 1;
                ranges.add(new MediaRange(a.getContentType(), a.getContentSubType(), q));
            }
        }
        if (ranges.isEmpty() && it.hasPrevious()) {
            ranges.add(MediaRange.NOTHING);
        }
        return ranges;
    }

    private static Optional<Valid> reject(ServerExchange ex, Response response, String why) {
        LOG.warn("[{}] SUBSCRIBE rejected {}: {}", ex.callId(), response.getStatusCode(), why);
        ex.send(response);
        return Optional.empty();
    }
}
