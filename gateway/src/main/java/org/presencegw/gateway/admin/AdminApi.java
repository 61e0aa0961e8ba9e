package org.presencegw.gateway.admin;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.presencegw.sip.api.SubscriptionInfo;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;

/**
 * The JSON API under {@code /api/}: lists (paged: {@code offset}, {@code limit}, see {@link Page}) of accounts,
 * subscriptions, registrations and publications, and the actions. A list answers
 * {@code {"total": N, "offset": O, "limit": L, "items": [...]}}; times are ISO-8601 UTC.
 */
final class AdminApi {

    private final OperatorModel model;

    AdminApi(OperatorModel model) {
        this.model = model;
    }

    Reply accounts(Map<String, String> query) throws Page.BadRequest {
        return list(model.accounts(), Page.from(query), (json, a) -> json.beginObject()
                .field("sip", a.bridge() ? null : a.sip()).field("jid", a.jid())
                .field("state", a.state().name().toLowerCase(Locale.ROOT)).field("roster_size", a.rosterSize())
                .field("bridge", a.bridge()).endObject());
    }

    /** {@code watcher} and {@code presentity} filter by a case-insensitive part of the address. */
    Reply subscriptions(Map<String, String> query) throws Page.BadRequest {
        Page page = Page.from(query);
        Predicate<SubscriptionInfo> keep = s -> contains(s.watcher(), query.get("watcher"))
                && contains(s.presentity(), query.get("presentity"));
        List<SubscriptionInfo> all = model.sip().subscriptions().list().stream().filter(keep).toList();
        long now = Instant.now().getEpochSecond();
        return list(all, page, (json, s) -> json.beginObject()
                .field("call_id", s.callId()).field("local_tag", s.localTag()).field("remote_tag", s.remoteTag())
                .field("watcher", s.watcher()).field("presentity", s.presentity()).field("event", s.event())
                .field("state", s.state()).field("expires_at", s.expiresAt().toString())
                .field("expires_in", Math.max(0, s.expiresAt().getEpochSecond() - now))
                .field("last_notify_at", s.lastNotifyAt().map(Instant::toString).orElse(null))
                .field("last_notify_answer", s.lastNotifyAnswer().isEmpty() ? null : s.lastNotifyAnswer())
                .endObject());
    }

    Reply registrations(Map<String, String> query) throws Page.BadRequest {
        List<BindingRow> rows = model.registrations();
        return list(rows, Page.from(query), (json, b) -> json.beginObject().field("aor", b.aor())
                .field("contact", b.contact()).field("expires_at", Instant.ofEpochMilli(b.expiresAt()).toString())
                .field("call_id", b.callId()).field("cseq", b.cseq()).field("flow", b.flow()).endObject());
    }

    Reply publications(Map<String, String> query) throws Page.BadRequest {
        List<PublicationRow> rows = model.publications();
        return list(rows, Page.from(query), (json, p) -> json.beginObject().field("resource", p.resource())
                .field("etag", p.etag()).field("content_type", p.contentType())
                .field("expires_at", Instant.ofEpochMilli(p.expiresAt()).toString()).field("revision", p.revision())
                .endObject());
    }

    /**
     * {@code POST /api/subscriptions/end?call_id=..&local_tag=..&reason=deactivated|noresource}: ends it with a final
     * NOTIFY {@code terminated;reason=...} (default deactivated).
     */
    Reply endSubscription(Map<String, String> query) throws Page.BadRequest {
        String callId = required(query, "call_id");
        String localTag = required(query, "local_tag");
        TerminationReason reason = switch (query.getOrDefault("reason", "deactivated")) {
            case "deactivated" -> TerminationReason.DEACTIVATED;
            case "noresource" -> TerminationReason.NORESOURCE;
            default -> throw new Page.BadRequest("reason must be deactivated or noresource");
        };
        if (!model.sip().subscriptions().end(callId, localTag, reason)) {
            return Reply.error(404, "no live subscription with that call_id and local_tag");
        }
        return Reply.json(200, new JsonWriter().beginObject().field("ended", true)
                .field("reason", reason.wire()).endObject());
    }

    /** {@code POST /api/accounts/reconnect?jid=..}: 202 when asked, 404 for an unknown account. */
    Reply reconnect(Map<String, String> query) throws Page.BadRequest {
        String jid = required(query, "jid");
        if (!model.reconnect(jid)) {
            return Reply.error(404, "no account " + jid);
        }
        return Reply.json(202, new JsonWriter().beginObject().field("reconnecting", jid).endObject());
    }

    /** {@code POST /api/reload}: reads the configuration file again, as SIGHUP does; the log says what changed. */
    Reply reload() {
        if (!model.reload()) {
            return Reply.error(503, "this gateway has no configuration file to reload");
        }
        return Reply.json(202, new JsonWriter().beginObject().field("reloading", true).endObject());
    }

    private static <T> Reply list(List<T> all, Page page, BiConsumer<JsonWriter, T> item) {
        JsonWriter json = new JsonWriter().beginObject().field("total", all.size()).field("offset", page.offset())
                .field("limit", page.limit());
        json.name("items").beginArray();
        page.of(all).forEach(x -> item.accept(json, x));
        return Reply.json(200, json.endArray().endObject());
    }

    private static boolean contains(String value, String part) {
        return part == null || part.isEmpty()
                || value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    private static String required(Map<String, String> query, String key) throws Page.BadRequest {
        String value = query.get(key);
        if (value == null || value.isEmpty()) {
            throw new Page.BadRequest("missing parameter " + key);
        }
        return value;
    }
}
