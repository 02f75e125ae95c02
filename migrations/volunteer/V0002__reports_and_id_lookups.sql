-- Issue 11: a party member's report is a request the community confirms; ID-number look-ups
-- are logged (and counted for their rate limit); the masked ID number shows only the first 2
-- and the last 2 characters.

-- state: 1 pending, 2 confirmed, 3 rejected. Only a confirmed report sets the volunteer's
-- reported_community_id; at most one report per volunteer waits at a time.
CREATE TABLE community_reports (
  seq          bigserial UNIQUE,
  report_id    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  volunteer_id text NOT NULL REFERENCES volunteers,
  community_id text NOT NULL REFERENCES communities,
  state        smallint NOT NULL CHECK (state IN (1, 2, 3)),
  requested_by text NOT NULL,
  decided_by   text,
  reason       text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  decided_at   timestamptz,
  CONSTRAINT community_reports_decided CHECK ((state = 1) = (decided_at IS NULL)),
  CONSTRAINT community_reports_rejected_reason CHECK (state <> 3 OR reason <> '')
);
CREATE UNIQUE INDEX community_reports_one_pending ON community_reports (volunteer_id)
  WHERE state = 1;
CREATE INDEX community_reports_by_community
  ON community_reports (community_id text_pattern_ops, seq);

-- Reports made before reports needed confirming were confirmed at once.
INSERT INTO community_reports (volunteer_id, community_id, state, requested_by, decided_by,
                               created_at, decided_at)
SELECT volunteer_id, reported_community_id, 2, 'migration', 'migration', reported_at, reported_at
FROM volunteers WHERE reported_community_id IS NOT NULL;

-- One row per FindVolunteerByIdNumber by an admin or the system, whatever the answer. The ID
-- number is never stored: only whom its blind index found (volunteer_id, NULL for nobody).
-- result: 1 found, 2 not found, 3 out of the caller's scope (answered not found),
-- 4 rate-limited, 5 not a valid ID number. looked_up_at is the service's clock.
CREATE TABLE id_number_lookups (
  lookup_id        bigserial PRIMARY KEY,
  caller           text NOT NULL,
  caller_role      text NOT NULL,
  caller_scope     text[] NOT NULL DEFAULT '{}',
  looked_up_at     timestamptz NOT NULL,
  result           smallint NOT NULL CHECK (result IN (1, 2, 3, 4, 5)),
  volunteer_id     text,
  hit_community_id text
);
-- The rate limit counts a caller's look-ups of the last hour.
CREATE INDEX id_number_lookups_by_caller ON id_number_lookups (caller, looked_up_at);
CREATE INDEX id_number_lookups_by_hit
  ON id_number_lookups (hit_community_id text_pattern_ops, lookup_id);

-- The old mask showed the first 6 and the last 4 characters, which with the birth year left
-- about 33 numbers: keep only the first 2 and the last 2.
UPDATE volunteers
SET id_number_masked = left(id_number_masked, 2) || repeat('*', 14) || right(id_number_masked, 2);
