package org.presencegw.gateway.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.presencegw.xmpp.LinkState;

/**
 * {@code GET /health/ready}: 200 when SIP is listening, the store writes and every Jabber account is online; else
 * 503. Either way a JSON body says each part's state and {@code down} names what is down, e.g.
 * {@code "xmpp account alice@jabber.example.com: offline"}.
 */
final class Readiness {

    private Readiness() {
    }

    static Reply check(OperatorModel model) {
        List<String> down = new ArrayList<>();
        boolean listening = model.sip().listening().getAsBoolean();
        if (!listening) {
            down.add("sip: not listening");
        }
        boolean store = model.storeHealthy();
        if (!store) {
            down.add("store: cannot write");
        }
        JsonWriter json = new JsonWriter().beginObject();
        json.name("sip").beginObject().field("listening", listening).endObject();
        json.name("store").beginObject().field("healthy", store).endObject();
        json.name("accounts").beginArray();
        for (OperatorModel.AccountStatus a : model.accounts()) {
            String state = a.state().name().toLowerCase(Locale.ROOT);
            json.beginObject().field("jid", a.jid()).field("state", state).endObject();
            if (a.state() != LinkState.ONLINE) {
                down.add("xmpp account " + a.jid() + ": " + state);
            }
        }
        json.endArray();
        json.field("ready", down.isEmpty());
        json.name("down").beginArray();
        down.forEach(json::value);
        json.endArray().endObject();
        return Reply.json(down.isEmpty() ? 200 : 503, json);
    }
}
