-- Hardening: fenced outbox claims, facts of this installation, and the polling cursor of the
-- conversation mirror. Times are UTC epoch milliseconds.

-- Bumped by every claim of an outbox row. A worker's lease renewals and its completion change the
-- row only while the token is still the one its claim set, so a worker whose claim was taken over
-- (its lease ran out) changes nothing, and renewing can never race the worker's own completion.
ALTER TABLE outbox ADD COLUMN claim_token BIGINT NOT NULL DEFAULT 0;

-- Values decided once per installation, e.g. the random nonce in the hidden markers of what the
-- bot writes on GitHub.
CREATE TABLE installation (
    name   VARCHAR(100)  PRIMARY KEY,
    value  TEXT          NOT NULL
);

-- Polling GitHub for comments (no webhook): per incident, GitHub's update time of the newest
-- comment seen; the next poll asks only for comments updated since then.
CREATE TABLE mirror_comment_cursor (
    incident_id  INTEGER  PRIMARY KEY REFERENCES incident (id),
    since        BIGINT   NOT NULL
);
