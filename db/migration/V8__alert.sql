-- Alerts from Prometheus Alertmanager and the pages they cause. Times are UTC epoch milliseconds.
-- A group (Alertmanager's groupKey) fires in episodes: from the first firing notification until
-- the group resolves. Each episode pages level 1, then escalates to level 2 and 3 unless
-- acknowledged; every level at most once per episode (the conditional update of `level` decides).

CREATE TABLE alert_group (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    group_key   TEXT          NOT NULL UNIQUE,   -- Alertmanager's groupKey
    receiver    VARCHAR(200),
    created_at  BIGINT        NOT NULL
);

CREATE TABLE alert_episode (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id           INTEGER       NOT NULL REFERENCES alert_group (id),
    status             VARCHAR(20)   NOT NULL,  -- firing | resolved
    channel            VARCHAR(50)   NOT NULL,  -- where it is paged (ALERT_CHANNEL when it began)
    group_labels       TEXT          NOT NULL,  -- JSON objects, as in the newest notification
    common_labels      TEXT          NOT NULL,
    common_annotations TEXT          NOT NULL,
    external_url       TEXT,
    opened_at          BIGINT        NOT NULL,  -- when the first firing notification arrived
    firing_since       BIGINT        NOT NULL,  -- the earliest startsAt of its alerts
    resolved_at        BIGINT,
    level              INTEGER       NOT NULL DEFAULT 0,  -- the highest level paged so far
    next_level_at      BIGINT,                  -- when the next level is due; NULL: no more escalation
    acknowledged_by    VARCHAR(50),             -- Slack user ID
    acknowledged_at    BIGINT,
    incident_id        INTEGER       REFERENCES incident (id),  -- the incident declared from it
    issue_number       INTEGER,                 -- the GitHub issue of the episode (ALERT_ISSUES)
    issue_url          VARCHAR(500),
    silence_id         VARCHAR(100),            -- the newest Alertmanager silence made from Slack
    silenced_by        VARCHAR(50),
    silenced_until     BIGINT,
    silences           INTEGER       NOT NULL DEFAULT 0,  -- numbers the silence requests
    version            INTEGER       NOT NULL DEFAULT 0,  -- bumped by every change the messages show
    refreshed_version  INTEGER       NOT NULL DEFAULT 0,  -- the newest version the messages show
    updated_at         BIGINT        NOT NULL
);
-- One firing episode per group, even with two processes taking the same notification.
CREATE UNIQUE INDEX alert_episode_firing ON alert_episode (group_id) WHERE status = 'firing';
CREATE INDEX alert_episode_due ON alert_episode (next_level_at);
CREATE INDEX alert_episode_group ON alert_episode (group_id, id);
CREATE INDEX alert_episode_status ON alert_episode (status);

-- The alerts of an episode, by Alertmanager's fingerprint (a hash of the labels).
CREATE TABLE alert (
    episode_id    INTEGER       NOT NULL REFERENCES alert_episode (id),
    fingerprint   VARCHAR(100)  NOT NULL,
    status        VARCHAR(20)   NOT NULL,  -- firing | resolved
    labels        TEXT          NOT NULL,  -- JSON object
    annotations   TEXT          NOT NULL,  -- JSON object
    starts_at     BIGINT        NOT NULL,
    ends_at       BIGINT,
    generator_url TEXT,
    PRIMARY KEY (episode_id, fingerprint)
);

-- Each level paged in an episode: who, when, and whether a person asked for it (Escalate now).
CREATE TABLE alert_page (
    episode_id  INTEGER      NOT NULL REFERENCES alert_episode (id),
    level       INTEGER      NOT NULL,
    targets     TEXT         NOT NULL,  -- comma-separated Slack user IDs, and !here for @here
    paged_at    BIGINT       NOT NULL,
    paged_by    VARCHAR(50),            -- who pressed Escalate now; NULL when the timer did
    PRIMARY KEY (episode_id, level)
);

-- The messages of an episode that are kept up to date (the page in the channel and the DMs):
-- recorded when queued, their ts filled in once posted.
CREATE TABLE alert_message (
    post_key    VARCHAR(300) PRIMARY KEY,  -- the outbox key of the post
    episode_id  INTEGER      NOT NULL REFERENCES alert_episode (id),
    recipient   VARCHAR(50)  NOT NULL,     -- channel ID, or user ID for a DM
    channel     VARCHAR(50),               -- where it landed (a DM's D… ID)
    ts          VARCHAR(50),
    posted_at   BIGINT
);
CREATE INDEX alert_message_episode ON alert_message (episode_id);

-- What an incident was declared from (e.g. an alert), named in its start message and issue.
ALTER TABLE incident ADD COLUMN declared_from TEXT;

-- When the bot last posted into each paced stream (one Slack conversation): the next post of the
-- stream waits until a second after it, Slack's rate per channel.
CREATE TABLE alert_pace (
    stream     VARCHAR(200) PRIMARY KEY,
    posted_at  BIGINT       NOT NULL
);
