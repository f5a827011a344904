-- Foundation: the outbox of side effects, inbound de-duplication, and the people directory that
-- incidents, upgrades and on-call share. Times are UTC epoch milliseconds.

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    stream          VARCHAR(200)  NOT NULL,  -- effects of one stream run in id order
    kind            VARCHAR(100)  NOT NULL,  -- which handler applies it, e.g. github.issue.create
    payload         TEXT          NOT NULL,  -- JSON
    idempotency_key VARCHAR(300)  NOT NULL UNIQUE,
    state           VARCHAR(20)   NOT NULL DEFAULT 'pending',  -- pending | done | failed
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at BIGINT        NOT NULL,
    claimed_until   BIGINT,                  -- lease of the worker applying it; expires after a crash
    last_error      TEXT,
    result          TEXT,                    -- e.g. the issue number or message ts later effects need
    notify_channel  VARCHAR(50),             -- who is told when it fails for good
    created_at      BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_stream ON outbox (stream, id);

CREATE TABLE inbound_delivery (
    source      VARCHAR(50)  NOT NULL,   -- slack.event, slack.view, github.delivery, ...
    delivery_id VARCHAR(200) NOT NULL,
    received_at BIGINT       NOT NULL,
    PRIMARY KEY (source, delivery_id)
);
CREATE INDEX inbound_delivery_age ON inbound_delivery (received_at);

CREATE TABLE person (
    slack_user_id   VARCHAR(50)  PRIMARY KEY,
    github_login    VARCHAR(100),
    mention_opt_in  BOOLEAN      NOT NULL DEFAULT FALSE,  -- may the mirror @-mention them on GitHub
    updated_at      BIGINT       NOT NULL
);
