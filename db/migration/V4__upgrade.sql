-- Planned upgrades (seed 000 §5–§7, 004). The GitHub issue of upgrade N is created by the outbox
-- effect 'upgrade:N:issue' in stream 'github:upgrade:N'; Slack messages go to 'slack:upgrade:N'
-- (announcement 'upgrade:N:announce'), mail to 'mail:upgrade:N'. Times are UTC epoch millis.

CREATE TABLE upgrade (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    kind                 VARCHAR(10)   NOT NULL,  -- cluster | service
    environment          VARCHAR(100)  NOT NULL,
    cluster              VARCHAR(100)  NOT NULL,
    cluster_url          VARCHAR(500)  NOT NULL,
    service              VARCHAR(100),            -- service upgrades only
    current_version      VARCHAR(100)  NOT NULL,
    new_version          VARCHAR(100)  NOT NULL,
    starts_at            BIGINT        NOT NULL,
    zone                 VARCHAR(64)   NOT NULL,  -- IANA zone the times are told in (the planner's)
    duration_minutes     INTEGER       NOT NULL,
    comments             TEXT,
    links                TEXT,                    -- one per line
    cc_user              VARCHAR(50)   NOT NULL,  -- Communications Coordinator, Slack user ID
    created_by           VARCHAR(50)   NOT NULL,
    created_at           BIGINT        NOT NULL,
    status               VARCHAR(20)   NOT NULL DEFAULT 'planned',  -- planned | running | done | cancelled
    finished_at          BIGINT,
    lingering_effects    TEXT,
    revision             INTEGER       NOT NULL DEFAULT 0,  -- reschedules so far
    updates              INTEGER       NOT NULL DEFAULT 0,  -- issue updates so far
    soon_reminded_for    BIGINT,                  -- starts_at the "starts soon" reminder was sent for
    start_reminded_for   BIGINT,                  -- starts_at the "starting now" reminder was sent for
    source_view_id       VARCHAR(50)   UNIQUE     -- the modal submission that planned it
);
CREATE INDEX upgrade_status ON upgrade (status, starts_at);

-- Operations Technicians of an upgrade.
CREATE TABLE upgrade_ot (
    upgrade_id INTEGER     NOT NULL REFERENCES upgrade (id),
    user_id    VARCHAR(50) NOT NULL,
    PRIMARY KEY (upgrade_id, user_id)
);

-- Channels where the upgrade was planned or its notice or reminders were posted: a command run
-- there refers to this upgrade.
CREATE TABLE upgrade_channel (
    upgrade_id INTEGER     NOT NULL REFERENCES upgrade (id),
    channel_id VARCHAR(50) NOT NULL,
    PRIMARY KEY (upgrade_id, channel_id)
);
CREATE INDEX upgrade_channel_channel ON upgrade_channel (channel_id);
