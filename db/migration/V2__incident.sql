-- Incidents (seed 000 §4, 004). The GitHub issue of incident N is created by the outbox effect
-- with idempotency key 'incident:N:issue' in stream 'github:incident:N'; its number and URL are
-- that effect's result (GitHubEffects.created) and are copied here once known.

CREATE TABLE incident (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    cluster            VARCHAR(100)  NOT NULL,
    service            VARCHAR(100)  NOT NULL,
    short_message      VARCHAR(200)  NOT NULL,
    impacted_users     TEXT          NOT NULL,
    related_links      TEXT,
    criteria           VARCHAR(200)  NOT NULL,  -- comma-separated codes of the declaration criteria met
    severity           VARCHAR(20),
    declared_by        VARCHAR(50)   NOT NULL,  -- Slack user ID
    cc_user            VARCHAR(50)   NOT NULL,  -- Communications Coordinator, Slack user ID
    declared_at        BIGINT        NOT NULL,
    status             VARCHAR(20)   NOT NULL DEFAULT 'open',  -- open | resolved
    resolved_at        BIGINT,
    resolved_by        VARCHAR(50),
    lingering_effects  TEXT,
    channel_id         VARCHAR(50)   UNIQUE,    -- the incident channel, once created
    channel_name       VARCHAR(80),
    issue_number       INTEGER,                 -- copied from the create effect's result
    issue_url          VARCHAR(500),
    next_update_due_at BIGINT,                  -- the promised next update (reminder job)
    source_view_id     VARCHAR(50)   UNIQUE     -- the modal submission that declared it (duplicates ignored)
);
CREATE INDEX incident_status ON incident (status);

-- Operations Technicians of an incident.
CREATE TABLE incident_ot (
    incident_id INTEGER     NOT NULL REFERENCES incident (id),
    user_id     VARCHAR(50) NOT NULL,
    PRIMARY KEY (incident_id, user_id)
);

-- Added by the incident feature (V2 is unreleased): the bookkeeping of updates, reminders and
-- role changes. Existing columns above are relied on by the conversation mirror; keep them.
ALTER TABLE incident ADD COLUMN update_count       INTEGER NOT NULL DEFAULT 0;  -- numbers the status updates
ALTER TABLE incident ADD COLUMN reminded_due_at    BIGINT;                       -- the promise already reminded of
ALTER TABLE incident ADD COLUMN roles_version      INTEGER NOT NULL DEFAULT 0;  -- numbers the role changes
ALTER TABLE incident ADD COLUMN duration_ms        BIGINT;                       -- resolved_at - declared_at

-- Status updates (seed 004): what was said, by whom, and the promise of the next one.
CREATE TABLE incident_update (
    incident_id     INTEGER      NOT NULL REFERENCES incident (id),
    seq             INTEGER      NOT NULL,
    impact          TEXT         NOT NULL,
    action_taken    TEXT         NOT NULL,
    user_action     TEXT,
    next_in_minutes INTEGER,                 -- null: no further update promised
    posted_by       VARCHAR(50)  NOT NULL,
    posted_at       BIGINT       NOT NULL,
    source_view_id  VARCHAR(50)  UNIQUE,     -- the modal submission (duplicates ignored)
    PRIMARY KEY (incident_id, seq)
);
CREATE INDEX incident_due ON incident (status, next_update_due_at);
