package org.presencegw.sip.server;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.header.RequireHeader;
import javax.sip.message.Response;
import org.presencegw.sip.event.EventPackages;

/**
 * OPTIONS (RFC 3261 section 11): 200 with Allow, {@code Allow-Events} with every served event package (RFC 6665
 * 4.4.4) and Accept with every body type they produce; 420 + Unsupported for any {@code Require} (RFC 3261
 * 8.2.2.3: we support no extension). The same answer every time, so copies need no memory.
 */
public final class OptionsHandler implements RequestHandler {

    private final SipDispatcher dispatcher;
    private final EventPackages packages;

    public OptionsHandler(SipDispatcher dispatcher, EventPackages packages) {
        this.dispatcher = dispatcher;
        this.packages = packages;
    }

    @Override
    public void handle(ServerExchange exchange) throws Exception {
        var headers = exchange.stack().headers();
        List<String> required = new ArrayList<>();
        for (ListIterator<?> it = exchange.request().getHeaders(RequireHeader.NAME); it.hasNext(); ) {
            required.add(((RequireHeader) it.next()).getOptionTag());
        }
        if (!required.isEmpty()) {
            // RFC 3261 8.2.2.3 (UAS-05, RFC 4475 bext01): we support no extension, so 420 listing every tag.
            Response bad = exchange.createResponse(Response.BAD_EXTENSION);
            for (String option : required) {
                bad.addHeader(headers.createUnsupportedHeader(option));
            }
            exchange.send(bad);
            return;
        }
        Response ok = exchange.createResponse(Response.OK);
        dispatcher.addAllow(ok);
        for (String name : packages.names()) {
            ok.addHeader(headers.createAllowEventsHeader(name));
        }
        for (String type : packages.mediaTypes()) {
            String[] ts = type.split("/", 2);
            ok.addHeader(headers.createAcceptHeader(ts[0], ts[1]));
        }
        exchange.send(ok);
    }
}
