package org.presencegw.sip.server;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.header.AcceptHeader;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks of a SUBSCRIBE that do not depend on subscription state, in RFC 3261 8.2 order: URI scheme, Require,
 * body, then the event package, Accept and Expires. Answers the first failure and returns false; the RI drops
 * unparsable {@code Event} and {@code Expires} values silently, so their raw text is looked at too.
 */
final class SubscribeValidator {

    private static final Logger LOG = LoggerFactory.getLogger(SubscribeValidator.class);

    private SubscribeValidator() {
    }

    static boolean validate(ServerExchange ex) throws ParseException {
        Request request = ex.request();
        var headers = ex.stack().headers();
        String scheme = request.getRequestURI().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            // RFC 3261 8.2.2.1
            return reject(ex, ex.createResponse(Response.UNSUPPORTED_URI_SCHEME), "URI scheme " + scheme);
        }
        List<String> required = values(request.getHeaders(RequireHeader.NAME));
        if (!required.isEmpty()) {
            // RFC 3261 8.2.2.3: we support no extension, so every Require option is unknown.
            Response r = ex.createResponse(Response.BAD_EXTENSION);
            for (String option : required) {
                r.addHeader(headers.createUnsupportedHeader(option));
            }
            return reject(ex, r, "Require " + required);
        }
        ContentLengthHeader length = request.getContentLength();
        if (length != null && length.getContentLength() > 0) {
            // RFC 3261 8.2.3; RFC 6665 filters are not supported.
            Response r = ex.createResponse(Response.UNSUPPORTED_MEDIA_TYPE);
            r.addHeader(headers.createAcceptHeader(MediaTypes.APPLICATION, MediaTypes.PIDF_SUBTYPE));
            return reject(ex, r, "SUBSCRIBE body");
        }
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        if (event == null || !MediaTypes.PRESENCE_EVENT.equals(event.getEventType())) {
            // RFC 6665 4.2.1.1 / 3.1.2: 489 Bad Event, advertising what we serve.
            Response r = ex.createResponse(Response.BAD_EVENT);
            r.addHeader(headers.createAllowEventsHeader(MediaTypes.PRESENCE_EVENT));
            String what = event != null ? event.getEventType() : ex.unparsedHeader("Event", "o").orElse("none");
            return reject(ex, r, "Event " + what);
        }
        if (!AcceptMatcher.acceptsPidf(mediaRanges(request))) {
            // RFC 6665 4.1.2.1 / RFC 3856 6.5: we can only produce PIDF.
            return reject(ex, ex.createResponse(Response.NOT_ACCEPTABLE), "Accept without PIDF");
        }
        if (ex.unparsedHeader("Expires").isPresent()) {
            return reject(ex, ex.createResponse(Response.BAD_REQUEST, "Bad Expires"), "bad Expires");
        }
        return true;
    }

    private static List<String> mediaRanges(Request request) {
        List<String> ranges = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(AcceptHeader.NAME);
        while (it.hasNext()) {
            AcceptHeader a = (AcceptHeader) it.next();
            if (a.getContentType() == null) {
                continue;
            }
            StringBuilder range = new StringBuilder(a.getContentType()).append('/').append(a.getContentSubType());
            if (a.getQValue() >= 0) {
                range.append(";q=").append(a.getQValue());
            }
            ranges.add(range.toString());
        }
        if (ranges.isEmpty() && it.hasPrevious()) {
            ranges.add("none/none");
        }
        return ranges;
    }

    private static List<String> values(ListIterator<?> it) {
        List<String> out = new ArrayList<>();
        while (it.hasNext()) {
            Header h = (Header) it.next();
            out.add(((RequireHeader) h).getOptionTag());
        }
        return out;
    }

    private static boolean reject(ServerExchange ex, Response response, String why) {
        LOG.warn("[{}] SUBSCRIBE rejected {}: {}", ex.callId(), response.getStatusCode(), why);
        ex.send(response);
        return false;
    }
}
