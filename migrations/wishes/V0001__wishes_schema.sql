-- The wishes service's own database (tongxin_wishes): the micro-wish wall and its history.

-- AIP-155: the first answer to each mutating request, stored with its change.
CREATE TABLE idempotency_keys (
  request_id  text PRIMARY KEY,
  fingerprint text NOT NULL,
  response    bytea,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Effects on the points and volunteer services, delivered at least once by the outbox relay.
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
  last_error      text
);
CREATE INDEX outbox_events_due ON outbox_events (next_attempt_at, seq) WHERE delivered_at IS NULL;

CREATE FUNCTION epoch_micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

-- state: 1 submitted, 2 approved (on the wall), 3 rejected, 4 claimed, 5 fulfilled,
-- 6 confirmed, 7 withdrawn, 8 cancelled. category 1..6 (学习用品 .. 其他).
-- The wisher's name and contact are sealed (AES-256-GCM); only the masked name is in clear.
CREATE TABLE wishes (
  wish_id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id          text NOT NULL CHECK (community_id ~ '^[1-9][0-9]{11}$'),
  grid_id               text CHECK (grid_id ~ '^[1-9][0-9]{14}$'),
  category              smallint NOT NULL CHECK (category BETWEEN 1 AND 6),
  description           text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  estimated_value       integer NOT NULL CHECK (estimated_value BETWEEN 0 AND 100000),
  photo_url             text NOT NULL DEFAULT '',
  wisher_name_sealed    bytea NOT NULL,
  wisher_name_masked    text NOT NULL,
  wisher_contact_sealed bytea NOT NULL,
  state                 smallint NOT NULL CHECK (state BETWEEN 1 AND 8),
  claimer_id            text,
  claimer_name          text NOT NULL DEFAULT '',
  claimer_party_member  boolean NOT NULL DEFAULT false,
  claimed_at            timestamptz,
  claim_deadline        timestamptz,
  fulfil_note           text NOT NULL DEFAULT '',
  fulfil_photo_url      text NOT NULL DEFAULT '',
  service_hours         numeric(4, 2) NOT NULL DEFAULT 0 CHECK (service_hours BETWEEN 0 AND 24),
  reason                text NOT NULL DEFAULT '',
  submitted_by          text NOT NULL,
  created_at            timestamptz NOT NULL,
  published_at          timestamptz,
  confirmed_at          timestamptz,
  CONSTRAINT wishes_grid_in_community CHECK (grid_id IS NULL OR left(grid_id, 12) = community_id),
  -- A claimed, fulfilled or confirmed wish has exactly one claimer.
  CONSTRAINT wishes_claimer CHECK ((state IN (4, 5, 6)) = (claimer_id IS NOT NULL))
);
-- The wall: published wishes of a community (or grid), oldest first.
CREATE INDEX wishes_wall ON wishes (community_id, published_at, wish_id) WHERE state = 2;
CREATE INDEX wishes_by_community ON wishes (community_id, created_at, wish_id);
CREATE INDEX wishes_by_claimer ON wishes (claimer_id, created_at) WHERE claimer_id IS NOT NULL;
CREATE INDEX wishes_claim_deadline ON wishes (claim_deadline) WHERE state = 4;

-- Every transition, who made it and when: the wish's full history.
CREATE TABLE wish_events (
  event_id   bigserial PRIMARY KEY,
  wish_id    uuid NOT NULL REFERENCES wishes,
  from_state smallint NOT NULL,
  to_state   smallint NOT NULL,
  actor      text NOT NULL,
  note       text NOT NULL DEFAULT '',
  at         timestamptz NOT NULL
);
CREATE INDEX wish_events_by_wish ON wish_events (wish_id, event_id);
