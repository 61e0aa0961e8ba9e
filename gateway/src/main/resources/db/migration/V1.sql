-- SIP subscriptions, registrar bindings, publications, XMPP memory
-- The same SQL for every engine (SQLite, PostgreSQL); ${bytes} is BLOB or BYTEA. Lists are ListCodec text.
CREATE TABLE sip_subscription (
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
    version        BIGINT  NOT NULL,
    PRIMARY KEY (call_id, local_tag)
);

CREATE TABLE sip_binding (
    aor        TEXT   NOT NULL,
    contact    TEXT   NOT NULL,
    call_id    TEXT   NOT NULL,
    cseq       BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    q          TEXT,
    flow       TEXT   NOT NULL,
    path       TEXT   NOT NULL,
    PRIMARY KEY (aor, contact)
);

CREATE TABLE sip_publication (
    etag         TEXT     NOT NULL PRIMARY KEY,
    resource     TEXT     NOT NULL,
    content_type TEXT     NOT NULL,
    body         ${bytes} NOT NULL,
    expires_at   BIGINT   NOT NULL,
    revision     BIGINT   NOT NULL
);

CREATE TABLE xmpp_memory (
    account TEXT   NOT NULL,
    contact TEXT   NOT NULL,
    kind    TEXT   NOT NULL,
    at      BIGINT NOT NULL,
    PRIMARY KEY (account, contact, kind)
);

-- One row the writer updates to find out whether a store that was down can write again.
CREATE TABLE store_probe (
    id INTEGER NOT NULL PRIMARY KEY,
    at BIGINT  NOT NULL
);
INSERT INTO store_probe (id, at) VALUES (1, 0);
