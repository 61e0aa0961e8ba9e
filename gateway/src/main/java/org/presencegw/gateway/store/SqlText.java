package org.presencegw.gateway.store;

/**
 * Every statement the store runs, the same text for SQLite and PostgreSQL ({@code INSERT ... ON CONFLICT ... DO
 * UPDATE} is in both: SQLite since 3.24, PostgreSQL since 9.5). Column order here is the order the binders in
 * {@link ChangeWriter} and the readers in {@link StateReader} use.
 */
final class SqlText {
    static final String SUBSCRIPTION_COLUMNS = "call_id, local_tag, remote_tag, local_uri, remote_uri, local_cseq, "
            + "remote_cseq, route_set, remote_target, flow_transport, flow_address, flow_port, event_id, "
            + "event_package, media_type, package_data, watcher, presentity, state, expires_at, version";
    /** Keyed by {@code id}, which the writer assigns ({@link SubscriptionIds}); parameter 1 is the id. */
    static final String PUT_SUBSCRIPTION = "INSERT INTO sip_subscription (id, " + SUBSCRIPTION_COLUMNS + ") VALUES ("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
            + " SET " + updates(SUBSCRIPTION_COLUMNS);
    static final String REMOVE_SUBSCRIPTION = "DELETE FROM sip_subscription WHERE id = ?";
    static final String SELECT_SUBSCRIPTIONS = "SELECT " + SUBSCRIPTION_COLUMNS
            + " FROM sip_subscription ORDER BY call_id, local_tag";
    static final String SELECT_SUBSCRIPTION_IDS = "SELECT id, call_id, local_tag FROM sip_subscription";

    static final String BINDING_COLUMNS = "aor, contact, call_id, cseq, expires_at, q, flow, path";
    static final String REMOVE_BINDINGS = "DELETE FROM sip_binding WHERE aor = ?";
    static final String PUT_BINDING = "INSERT INTO sip_binding (" + BINDING_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, "
            + "?, ?) ON CONFLICT (aor, contact) DO UPDATE SET " + updates("call_id, cseq, expires_at, q, flow, path");
    static final String SELECT_BINDINGS = "SELECT " + BINDING_COLUMNS + " FROM sip_binding ORDER BY aor, contact";

    static final String PUBLICATION_COLUMNS = "etag, resource, content_type, body, expires_at, revision";
    static final String PUT_PUBLICATION = "INSERT INTO sip_publication (" + PUBLICATION_COLUMNS + ") VALUES (?, ?, "
            + "?, ?, ?, ?) ON CONFLICT (etag) DO UPDATE SET "
            + updates("resource, content_type, body, expires_at, revision");
    static final String REMOVE_PUBLICATION = "DELETE FROM sip_publication WHERE etag = ?";
    static final String SELECT_PUBLICATIONS = "SELECT " + PUBLICATION_COLUMNS + " FROM sip_publication ORDER BY etag";

    static final String PUT_MEMORY = "INSERT INTO xmpp_memory (account, contact, kind, at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (account, contact, kind) DO UPDATE SET at = excluded.at";
    static final String REMOVE_MEMORY = "DELETE FROM xmpp_memory WHERE account = ? AND contact = ? AND kind = ?";
    static final String SELECT_MEMORY = "SELECT account, contact, kind, at FROM xmpp_memory "
            + "ORDER BY account, contact, kind";

    static final String CLEAR_SUBSCRIPTIONS = "DELETE FROM sip_subscription";
    static final String CLEAR_BINDINGS = "DELETE FROM sip_binding";
    static final String CLEAR_PUBLICATIONS = "DELETE FROM sip_publication";
    static final String CLEAR_MEMORY = "DELETE FROM xmpp_memory";

    static final String PROBE = "UPDATE store_probe SET at = ? WHERE id = 1";

    private SqlText() {
    }

    /** {@code a = excluded.a, b = excluded.b} for a comma-separated column list. */
    private static String updates(String columns) {
        StringBuilder out = new StringBuilder();
        for (String column : columns.split(",\\s*")) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(column).append(" = excluded.").append(column);
        }
        return out.toString();
    }
}
