-- Check-in codes are used once, and wrong codes are counted. code_uses numbers the codes the
-- organiser's screen shows: a check-in or check-out spends the current one (its use row says
-- who), and the screen shows the next. Five made-up codes per volunteer and activity lock them
-- out (the 6 digits cannot be found by trying); the organiser corrects their time instead.
ALTER TABLE activities ADD COLUMN code_uses bigint NOT NULL DEFAULT 0;

CREATE TABLE checkin_code_uses (
  activity_id  uuid NOT NULL REFERENCES activities,
  use_number   bigint NOT NULL,
  volunteer_id text COLLATE "C" NOT NULL,
  used_at      timestamptz NOT NULL,
  PRIMARY KEY (activity_id, use_number)
);

CREATE TABLE checkin_code_misses (
  activity_id  uuid NOT NULL REFERENCES activities,
  volunteer_id text COLLATE "C" NOT NULL,
  misses       integer NOT NULL CHECK (misses > 0),
  PRIMARY KEY (activity_id, volunteer_id)
);

-- When the participation took its place (sign-up, approval or promotion from the waiting list):
-- giving up a place is late only when it was held before the cancellation deadline (a volunteer
-- promoted after it did not choose to hold it then). NULL: never held one.
ALTER TABLE participations ADD COLUMN placed_at timestamptz;
UPDATE participations SET placed_at = signed_up_at WHERE state IN (2, 6, 7);
