-- The volunteer service's own database (tongxin_volunteer).
-- Region ids are statistical division codes: the hierarchy is in the id, so a scope is a prefix.

-- AIP-155: the first answer to each mutating request, stored with its change.
CREATE TABLE idempotency_keys (
  request_id  text PRIMARY KEY,
  fingerprint text NOT NULL,
  response    bytea,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Effects on other services, delivered at least once by the outbox relay.
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

CREATE TABLE streets (
  street_id  text PRIMARY KEY CHECK (street_id ~ '^[1-9][0-9]{8}$'),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  district   text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE communities (
  community_id text PRIMARY KEY CHECK (community_id ~ '^[1-9][0-9]{11}$'),
  street_id    text NOT NULL REFERENCES streets,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT communities_in_street CHECK (left(community_id, 9) = street_id),
  CONSTRAINT communities_name_per_street UNIQUE (street_id, name)
);

CREATE TABLE grids (
  grid_id      text PRIMARY KEY CHECK (grid_id ~ '^[1-9][0-9]{14}$'),
  community_id text NOT NULL REFERENCES communities,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  households   integer NOT NULL DEFAULT 0 CHECK (households >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT grids_in_community CHECK (left(grid_id, 12) = community_id),
  CONSTRAINT grids_name_per_community UNIQUE (community_id, name)
);

-- status: 1 pending, 2 active, 3 suspended, 4 deregistered.
-- political_status: 1 party member, 2 league member, 3 masses. gender: 1 male, 2 female.
-- The ID number and the phone are stored encrypted (AES-256-GCM) and found by a keyed HMAC.
CREATE TABLE volunteers (
  volunteer_id          text PRIMARY KEY CHECK (length(volunteer_id) BETWEEN 1 AND 128),
  name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  id_number_sealed      bytea NOT NULL,
  id_number_index       bytea NOT NULL,
  id_number_masked      text NOT NULL,
  phone_sealed          bytea NOT NULL,
  phone_index           bytea NOT NULL,
  phone_masked          text NOT NULL,
  gender                smallint NOT NULL CHECK (gender IN (1, 2)),
  birth_year            smallint NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
  community_id          text NOT NULL REFERENCES communities,
  grid_id               text REFERENCES grids,
  skills                text[] NOT NULL DEFAULT '{}',
  political_status      smallint NOT NULL CHECK (political_status IN (1, 2, 3)),
  party_branch          text NOT NULL DEFAULT '',
  status                smallint NOT NULL CHECK (status IN (1, 2, 3, 4)),
  status_reason         text NOT NULL DEFAULT '',
  reported_community_id text REFERENCES communities,
  reported_at           timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT volunteers_id_number_unique UNIQUE (id_number_index),
  CONSTRAINT volunteers_phone_unique UNIQUE (phone_index),
  CONSTRAINT volunteers_grid_in_community CHECK (grid_id IS NULL OR left(grid_id, 12) = community_id),
  CONSTRAINT volunteers_party_branch CHECK (political_status <> 1 OR party_branch <> ''),
  CONSTRAINT volunteers_report_party_member CHECK (reported_community_id IS NULL OR political_status = 1),
  CONSTRAINT volunteers_report_time CHECK ((reported_community_id IS NULL) = (reported_at IS NULL))
);
CREATE INDEX volunteers_by_community ON volunteers (community_id text_pattern_ops, volunteer_id);
CREATE INDEX volunteers_by_skill ON volunteers USING gin (skills);

CREATE TABLE teams (
  team_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id text NOT NULL REFERENCES communities,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  description  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT teams_name_per_community UNIQUE (community_id, name)
);

-- Membership rows are kept after leaving; one open membership per volunteer and team.
CREATE TABLE team_members (
  membership_id bigserial PRIMARY KEY,
  team_id       uuid NOT NULL REFERENCES teams,
  volunteer_id  text NOT NULL REFERENCES volunteers,
  joined_at     timestamptz NOT NULL DEFAULT now(),
  left_at       timestamptz,
  CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE UNIQUE INDEX team_members_open ON team_members (team_id, volunteer_id) WHERE left_at IS NULL;
CREATE INDEX team_members_by_volunteer ON team_members (volunteer_id);

-- source: 1 post log, 2 wish, 3 activity, 4 honour (by hand; counts for stars, earns no points).
-- A correction is a new row pointing at the row it corrects; the old row is marked superseded.
CREATE TABLE service_records (
  record_id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  volunteer_id        text NOT NULL REFERENCES volunteers,
  hours               numeric(5, 2) NOT NULL CHECK (hours >= 0 AND hours <= 24),
  service_date        date NOT NULL,
  organiser           text NOT NULL CHECK (length(organiser) BETWEEN 1 AND 100),
  organiser_region_id text NOT NULL,
  source              smallint NOT NULL CHECK (source IN (1, 2, 3, 4)),
  source_ref          text,
  description         text NOT NULL DEFAULT '',
  recorded_by         text NOT NULL,
  corrects_record_id  uuid REFERENCES service_records,
  correction_reason   text,
  superseded_by       uuid REFERENCES service_records,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT service_records_positive CHECK (hours > 0 OR corrects_record_id IS NOT NULL),
  CONSTRAINT service_records_correction_reason
    CHECK ((corrects_record_id IS NULL) = (correction_reason IS NULL))
);
-- "A repeat is a no-op": one original record per source reference.
CREATE UNIQUE INDEX service_records_source_ref ON service_records (source, source_ref)
  WHERE corrects_record_id IS NULL AND source_ref IS NOT NULL;
CREATE INDEX service_records_by_volunteer ON service_records (volunteer_id, service_date, record_id);

-- Microseconds since the epoch: how repositories read timestamps without parsing text.
CREATE FUNCTION epoch_micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;
