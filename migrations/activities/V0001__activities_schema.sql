-- The activities service's own database (tongxin_activities): one-off volunteer activities,
-- the volunteers' participations (sign-up, waiting list, check-in and check-out), corrections of
-- attendance times, and the hours each confirmed attendance credited per China day. Ids and keys
-- compare as bytes (COLLATE "C", as the other services' V0006-V0008 explain).

-- AIP-155: the first answer to each mutating request, stored with its change, per caller.
CREATE TABLE idempotency_keys (
  caller      text COLLATE "C" NOT NULL,
  request_id  text COLLATE "C" NOT NULL,
  fingerprint text NOT NULL,
  response    bytea,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, request_id)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Effects on the volunteer and points services, delivered at least once by the outbox relay;
-- dead letters (dead_at) wait for an admin of region_id to retry them.
CREATE TABLE outbox_events (
  seq             bigserial UNIQUE,
  event_id        uuid PRIMARY KEY,
  destination     text NOT NULL,
  method          text NOT NULL,
  payload         bytea NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  last_error      text,
  dead_at         timestamptz,
  region_id       text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX outbox_events_due ON outbox_events (next_attempt_at, seq)
  WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_events_dead ON outbox_events (region_id text_pattern_ops, seq)
  WHERE dead_at IS NOT NULL;

-- Inlined by the planner (posts V0005 explains the body).
CREATE FUNCTION epoch_micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (extract(epoch FROM t - '1970-01-01 00:00:00+00'::timestamptz) * 1000000)::bigint $$;

-- status: 1 draft, 2 published, 5 records confirmed, 6 cancelled (RUNNING and ENDED are a
-- published activity as the clock sees it, never stored). confirmed/waitlisted/pending count the
-- participations in those states; wait_seq numbers the waiting list in order.
CREATE TABLE activities (
  activity_id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organiser_region_id   text COLLATE "C" NOT NULL
                        CHECK (organiser_region_id ~ '^[1-9][0-9]{8}([0-9]{3})?$'),
  team_id               text COLLATE "C" NOT NULL DEFAULT '',
  title                 text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  category              text NOT NULL,
  description           text NOT NULL DEFAULT '',
  address               text NOT NULL,
  has_coordinates       boolean NOT NULL DEFAULT false,
  latitude              float8 NOT NULL DEFAULT 0,
  longitude             float8 NOT NULL DEFAULT 0,
  radius_meters         integer NOT NULL DEFAULT 0,
  start_at              timestamptz NOT NULL,
  end_at                timestamptz NOT NULL,
  quota                 integer NOT NULL CHECK (quota BETWEEN 1 AND 1000),
  signup_deadline       timestamptz,
  cancellation_deadline timestamptz,
  party_members_only    boolean NOT NULL DEFAULT false,
  min_age               integer NOT NULL DEFAULT 0,
  skills                text[] NOT NULL DEFAULT '{}',
  requires_approval     boolean NOT NULL DEFAULT false,
  max_hours             numeric(4, 2) NOT NULL DEFAULT 0 CHECK (max_hours BETWEEN 0 AND 24),
  status                smallint NOT NULL DEFAULT 1 CHECK (status IN (1, 2, 5, 6)),
  confirmed             integer NOT NULL DEFAULT 0,
  waitlisted            integer NOT NULL DEFAULT 0,
  pending               integer NOT NULL DEFAULT 0,
  wait_seq              bigint NOT NULL DEFAULT 0,
  cancel_reason         text NOT NULL DEFAULT '',
  created_by            text COLLATE "C" NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  published_at          timestamptz,
  records_confirmed_at  timestamptz,
  -- Never past the quota, whatever arrives at once (the sign-up race).
  CONSTRAINT activities_within_quota CHECK (confirmed BETWEEN 0 AND quota),
  CONSTRAINT activities_counts CHECK (waitlisted >= 0 AND pending >= 0),
  CONSTRAINT activities_times CHECK (end_at > start_at AND end_at - start_at <= interval '24 hours'),
  CONSTRAINT activities_cancel_reason CHECK (status <> 6 OR cancel_reason <> '')
);
-- A community's and its street's activities, a street's by prefix; soonest first.
CREATE INDEX activities_by_region ON activities
  (organiser_region_id text_pattern_ops, start_at, activity_id);

-- state: 1 pending, 2 confirmed, 3 waitlisted, 4 cancelled, 5 rejected, 6 attended, 7 no-show.
CREATE TABLE participations (
  participation_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  activity_id       uuid NOT NULL REFERENCES activities,
  volunteer_id      text COLLATE "C" NOT NULL,
  volunteer_name    text NOT NULL DEFAULT '',
  party_member      boolean NOT NULL DEFAULT false,
  home_community_id text COLLATE "C" NOT NULL DEFAULT '',
  state             smallint NOT NULL CHECK (state BETWEEN 1 AND 7),
  wait_seq          bigint,
  late_cancellation boolean NOT NULL DEFAULT false,
  review_reason     text NOT NULL DEFAULT '',
  signed_up_at      timestamptz NOT NULL,
  cancelled_at      timestamptz,
  check_in_at       timestamptz,
  check_out_at      timestamptz,
  hours             numeric(4, 2) NOT NULL DEFAULT 0 CHECK (hours BETWEEN 0 AND 24),
  hours_explanation text NOT NULL DEFAULT '',
  CONSTRAINT participations_waiting_in_order CHECK ((state = 3) = (wait_seq IS NOT NULL)),
  CONSTRAINT participations_out_after_in
    CHECK (check_out_at IS NULL OR (check_in_at IS NOT NULL AND check_out_at >= check_in_at))
);
-- Once per volunteer and activity, while signed up (again after a cancellation or rejection).
CREATE UNIQUE INDEX participations_once ON participations (activity_id, volunteer_id)
  WHERE state IN (1, 2, 3, 6, 7);
CREATE INDEX participations_roster ON participations (activity_id, signed_up_at, participation_id);
CREATE INDEX participations_waiting ON participations (activity_id, wait_seq) WHERE state = 3;
CREATE INDEX participations_by_volunteer ON participations
  (volunteer_id, signed_up_at DESC, participation_id);

-- Every correction of attendance times, with its reason, kept.
CREATE TABLE attendance_corrections (
  correction_id         bigserial PRIMARY KEY,
  participation_id      uuid NOT NULL REFERENCES participations,
  corrected_by          text COLLATE "C" NOT NULL,
  reason                text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  previous_check_in_at  timestamptz,
  previous_check_out_at timestamptz,
  check_in_at           timestamptz,
  check_out_at          timestamptz,
  corrected_at          timestamptz NOT NULL
);
CREATE INDEX attendance_corrections_by_participation
  ON attendance_corrections (participation_id, correction_id);

-- The hours each confirmed attendance credited on each China day: what the daily cap counts.
CREATE TABLE credited_days (
  participation_id uuid NOT NULL REFERENCES participations,
  volunteer_id     text COLLATE "C" NOT NULL,
  service_date     date NOT NULL,
  hours            float8 NOT NULL CHECK (hours > 0 AND hours <= 24),
  PRIMARY KEY (participation_id, service_date)
);
CREATE INDEX credited_days_by_volunteer ON credited_days (volunteer_id, service_date);
