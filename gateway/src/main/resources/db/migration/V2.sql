-- subscriptions keyed by a number the writer assigns in order (appends instead of random key inserts)
-- V1 keyed sip_subscription on (call_id, local_tag): random text, so each new row went into a random page of that
-- key's index and a group commit of n rows dirtied about n pages (docs/decisions/store-engine.md, "Row keys").
-- Now the key is a number the writer assigns in order: new rows append to the last pages. The writer keeps the
-- (call_id, local_tag) -> id map in memory; (call_id, local_tag) stays unique by construction, not by an index.
-- ${id} is INTEGER in SQLite (the rowid itself, no separate index) and BIGINT in PostgreSQL.
CREATE TABLE sip_subscription_v2 (
    id             ${id}   NOT NULL PRIMARY KEY,
    call_id        TEXT    NOT NULL,
    local_tag      TEXT    NOT NULL,
    remote_tag     TEXT    NOT NULL,
    local_uri      TEXT    NOT NULL,
    remote_uri     TEXT    NOT NULL,
    local_cseq     BIGINT  NOT NULL,
    remote_cseq    BIGINT  NOT NULL,
    route_set      TEXT    NOT NULL,
    remote_target  TEXT    NOT NULL,
    flow_transport TEXT    NOT NULL,
    flow_address   TEXT    NOT NULL,
    flow_port      INTEGER NOT NULL CHECK (flow_port BETWEEN 0 AND 65535),
    event_id       TEXT,
    event_package  TEXT    NOT NULL,
    media_type     TEXT    NOT NULL,
    package_data   TEXT    NOT NULL,
    watcher        TEXT    NOT NULL,
    presentity     TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    expires_at     BIGINT  NOT NULL,
    version        BIGINT  NOT NULL
);

INSERT INTO sip_subscription_v2 (id, call_id, local_tag, remote_tag, local_uri, remote_uri, local_cseq, remote_cseq,
        route_set, remote_target, flow_transport, flow_address, flow_port, event_id, event_package, media_type,
        package_data, watcher, presentity, state, expires_at, version)
    SELECT ROW_NUMBER() OVER (ORDER BY call_id, local_tag), call_id, local_tag, remote_tag, local_uri, remote_uri,
        local_cseq, remote_cseq, route_set, remote_target, flow_transport, flow_address, flow_port, event_id,
        event_package, media_type, package_data, watcher, presentity, state, expires_at, version
    FROM sip_subscription;

DROP TABLE sip_subscription;

ALTER TABLE sip_subscription_v2 RENAME TO sip_subscription;
