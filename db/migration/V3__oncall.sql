-- On-call rotation (seed 001, CONTRACT.md "On-call shifts"). Times are UTC epoch milliseconds;
-- dates (holidays, overrides) are ISO local dates in ONCALL_TIMEZONE.

-- The list, in order. had_turn is the checkbox of the current round.
CREATE TABLE oncall_member (
    slack_user_id VARCHAR(50)  PRIMARY KEY,
    position      INTEGER      NOT NULL,
    had_turn      BOOLEAN      NOT NULL DEFAULT FALSE,
    added_by      VARCHAR(50),
    added_at      BIGINT       NOT NULL
);

-- One row: who is on call now (by id, not by position) and since when.
CREATE TABLE oncall_state (
    id            INTEGER      PRIMARY KEY CHECK (id = 1),
    oncall_user   VARCHAR(50),   -- "current_user" is reserved in PostgreSQL
    since         BIGINT,
    round         INTEGER      NOT NULL DEFAULT 1,
    updated_at    BIGINT       NOT NULL
);
INSERT INTO oncall_state (id, oncall_user, since, round, updated_at) VALUES (1, NULL, NULL, 1, 0);

-- The on-call log. shift_start is the scheduled start of the shift this handover opens: unique,
-- so a shift hands over once whatever fires twice. A second handover within one shift (the
-- next shift already has its handover) has no shift of its own and stores NULL there.
CREATE TABLE oncall_handover (
    id             INTEGER      PRIMARY KEY AUTOINCREMENT,
    shift_start    BIGINT       UNIQUE,
    shift_date     VARCHAR(10),
    from_user      VARCHAR(50),
    to_user        VARCHAR(50)  NOT NULL,
    kind           VARCHAR(20)  NOT NULL,   -- scheduled | manual | removal | catch-up | override
    notes          TEXT,
    open_items     TEXT,
    links          TEXT,
    made_by        VARCHAR(50),
    made_at        BIGINT       NOT NULL,
    source_view_id VARCHAR(50)  UNIQUE      -- the modal submission that made it (duplicates ignored)
);
CREATE INDEX oncall_handover_made ON oncall_handover (made_at);

CREATE TABLE oncall_holiday (
    day        VARCHAR(10)  PRIMARY KEY,
    name       VARCHAR(200),
    added_by   VARCHAR(50),
    added_at   BIGINT       NOT NULL
);

-- Someone else takes the shift of that date; the rota's order is not consumed.
CREATE TABLE oncall_override (
    day            VARCHAR(10)  PRIMARY KEY,
    slack_user_id  VARCHAR(50)  NOT NULL,
    added_by       VARCHAR(50),
    added_at       BIGINT       NOT NULL
);
