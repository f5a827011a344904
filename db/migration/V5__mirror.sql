-- Conversation mirror (issue #5): the incident channel becomes the GitHub issue thread, and back.
-- Times are UTC epoch milliseconds. Incidents and their channels are in V2.

-- Per channel: whether mirroring is paused (/incident mirror off|on). No row = mirroring on.
CREATE TABLE mirror_channel (
    channel_id  VARCHAR(50)  PRIMARY KEY,
    paused      BOOLEAN      NOT NULL DEFAULT FALSE,
    revision    INTEGER      NOT NULL DEFAULT 0,   -- bumped by each off/on; keys the note on the issue
    updated_by  VARCHAR(50),
    updated_at  BIGINT       NOT NULL
);

-- A burst of Slack messages that becomes one GitHub comment. A batch is 'open' until closes_at,
-- then 'closed' (no more messages join), then 'sent' once its comment effect is in the outbox.
CREATE TABLE mirror_batch (
    id                 INTEGER      PRIMARY KEY AUTOINCREMENT,
    incident_id        INTEGER      NOT NULL REFERENCES incident (id),
    channel_id         VARCHAR(50)  NOT NULL,
    state              VARCHAR(20)  NOT NULL DEFAULT 'open',  -- open | closed | sent
    opened_at          BIGINT       NOT NULL,
    closes_at          BIGINT       NOT NULL,
    revision           INTEGER      NOT NULL DEFAULT 0,  -- bumped by each edit or deletion of one of its messages
    rendered_revision  INTEGER      NOT NULL DEFAULT 0,  -- the revision last handed to the outbox
    comment_key        VARCHAR(200)                      -- idempotency key of its github.comment effect
);
CREATE INDEX mirror_batch_due ON mirror_batch (state, closes_at);
CREATE INDEX mirror_batch_incident ON mirror_batch (incident_id, state);

-- Each mirrored Slack message and the batch (so the GitHub comment) it went into.
CREATE TABLE mirror_message (
    channel_id   VARCHAR(50)  NOT NULL,
    ts           VARCHAR(30)  NOT NULL,
    batch_id     INTEGER      NOT NULL REFERENCES mirror_batch (id),
    user_id      VARCHAR(50)  NOT NULL,
    thread_ts    VARCHAR(30),
    text         TEXT         NOT NULL,   -- Slack mrkdwn as received (the newest edit)
    files        TEXT,                    -- JSON list of {name, url}
    edited_at    BIGINT,
    deleted_at   BIGINT,
    received_at  BIGINT       NOT NULL,
    PRIMARY KEY (channel_id, ts)
);
CREATE INDEX mirror_message_batch ON mirror_message (batch_id);

-- GitHub comments already brought into Slack (by webhook or by polling): each exactly once.
CREATE TABLE mirror_github_comment (
    comment_id   BIGINT       PRIMARY KEY,
    incident_id  INTEGER      NOT NULL,
    seen_at      BIGINT       NOT NULL
);
