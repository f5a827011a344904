-- The body of the GitHub on-call log issue as last enqueued, and its version. Every change of
-- what the checklist shows (list edits, handovers, reshuffles, overrides) bumps the version, and
-- the version is the idempotency key of the github.issue.body effect: a repeated command that
-- changes nothing enqueues nothing, and the newest body is the last write of its stream.
ALTER TABLE oncall_state ADD COLUMN log_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE oncall_state ADD COLUMN log_body TEXT;
