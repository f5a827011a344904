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
