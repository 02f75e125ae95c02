-- Claim limits and the wisher access log.

-- A volunteer's own releases of their claims (CLAIMED → APPROVED with the volunteer as actor),
-- counted over the last day when they claim again.
CREATE INDEX wish_events_releases ON wish_events (actor, at) WHERE from_state = 4 AND to_state = 2;

-- Every showing of a wisher's name and contact: who (reader_id), whose (the wish), when and why
-- (reason: 1 the claimer, 2 the resident who submitted it, 3 an admin in scope, 4 the system),
-- written in the transaction that read them. The name and contact themselves are never here.
CREATE TABLE wisher_access_log (
  access_id    bigserial PRIMARY KEY,
  wish_id      uuid NOT NULL REFERENCES wishes,
  community_id text NOT NULL,
  grid_id      text,
  reader_id    text NOT NULL,
  reason       smallint NOT NULL CHECK (reason BETWEEN 1 AND 4),
  at           timestamptz NOT NULL
);
CREATE INDEX wisher_access_log_by_community
  ON wisher_access_log (community_id text_pattern_ops, access_id);
