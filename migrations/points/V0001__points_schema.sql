-- The points service's own database (tongxin_points): a double-entry ledger, the points store,
-- rankings and commendation rounds.

-- AIP-155: the first answer to each mutating request, stored with its change.
CREATE TABLE idempotency_keys (
  request_id  text PRIMARY KEY,
  fingerprint text NOT NULL,
  response    bytea,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION epoch_micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

-- kind: 1 volunteer, 2 issuing (a community's), 3 store (a community's or street's), 4 expiry.
-- Issuing accounts go negative as they pay out; a volunteer's never does.
CREATE TABLE accounts (
  account_id   text PRIMARY KEY,
  kind         smallint NOT NULL CHECK (kind IN (1, 2, 3, 4)),
  owner_id     text NOT NULL,
  community_id text NOT NULL DEFAULT '',
  party_member boolean NOT NULL DEFAULT false,
  display_name text NOT NULL DEFAULT '',
  balance      bigint NOT NULL DEFAULT 0,
  CONSTRAINT accounts_volunteer_balance_not_negative CHECK (kind <> 1 OR balance >= 0)
);

-- kind: 1 award, 2 adjustment, 3 redemption hold, 4 redemption release, 5 expiry, 6 reversal.
-- Immutable: rows are only ever inserted (see the trigger below).
CREATE TABLE transfers (
  transfer_id          bigserial PRIMARY KEY,
  from_account         text NOT NULL REFERENCES accounts,
  to_account           text NOT NULL REFERENCES accounts,
  amount               bigint NOT NULL CHECK (amount > 0),
  kind                 smallint NOT NULL CHECK (kind BETWEEN 1 AND 6),
  source_ref           text NOT NULL,
  actor                text NOT NULL,
  reason               text NOT NULL DEFAULT '',
  region_id            text NOT NULL,
  reverses_transfer_id bigint REFERENCES transfers,
  -- What this transfer adds to the volunteer's earned points (rankings, tiers, rounds).
  earned_delta         bigint NOT NULL DEFAULT 0,
  earned_volunteer     text,
  earned_at            timestamptz NOT NULL,
  created_at           timestamptz NOT NULL,
  CONSTRAINT transfers_distinct_accounts CHECK (from_account <> to_account),
  CONSTRAINT transfers_reversed_once UNIQUE (reverses_transfer_id),
  CONSTRAINT transfers_reversal_names_original
    CHECK ((kind = 6) = (reverses_transfer_id IS NOT NULL))
);
-- An award's source (an outbox event, a log, a wish) pays once.
CREATE UNIQUE INDEX transfers_award_source ON transfers (source_ref) WHERE kind = 1;
-- Expiry runs once per volunteer and year.
CREATE UNIQUE INDEX transfers_expiry_source ON transfers (source_ref) WHERE kind = 5;
CREATE INDEX transfers_from ON transfers (from_account, transfer_id);
CREATE INDEX transfers_to ON transfers (to_account, transfer_id);

-- Rows of the ledger and of the commendation record are written once and never changed.
CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of % are immutable', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation', CONSTRAINT = TG_TABLE_NAME || '_immutable';
END $$;
CREATE TRIGGER transfers_immutable BEFORE UPDATE OR DELETE ON transfers
  FOR EACH ROW EXECUTE FUNCTION reject_change();

-- Points earned per volunteer and period (2026-05, 2026-Q2, 2026, all), kept in the same
-- transaction as the transfers: rankings read a few index pages, never the ledger.
CREATE TABLE earned_points (
  period       text NOT NULL,
  volunteer_id text NOT NULL,
  community_id text NOT NULL,
  street_id    text NOT NULL,
  party_member boolean NOT NULL,
  points       bigint NOT NULL,
  PRIMARY KEY (period, volunteer_id)
);
CREATE INDEX earned_points_community ON earned_points (period, community_id, points DESC, volunteer_id);
CREATE INDEX earned_points_street ON earned_points (period, street_id, points DESC, volunteer_id);
CREATE INDEX earned_points_community_party ON earned_points (period, community_id, points DESC, volunteer_id)
  WHERE party_member;
CREATE INDEX earned_points_street_party ON earned_points (period, street_id, points DESC, volunteer_id)
  WHERE party_member;

-- Earning rules: region '' holds the defaults; a street or community may override them.
CREATE TABLE earning_rules (
  region_id       text PRIMARY KEY,
  points_per_hour bigint NOT NULL CHECK (points_per_hour >= 0),
  post_type_rates jsonb NOT NULL DEFAULT '{}',
  wish_points     bigint NOT NULL CHECK (wish_points >= 0),
  activity_cap    bigint NOT NULL CHECK (activity_cap > 0),
  updated_by      text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO earning_rules (region_id, points_per_hour, wish_points, activity_cap, updated_by)
  VALUES ('', 1, 5, 50, 'migration');

CREATE TABLE earning_rule_changes (
  change_id  bigserial PRIMARY KEY,
  region_id  text NOT NULL,
  actor      text NOT NULL,
  reason     text NOT NULL,
  before     jsonb,
  after      jsonb NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tiers (
  min_points bigint PRIMARY KEY CHECK (min_points >= 0),
  name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 30)
);
INSERT INTO tiers VALUES (0, '志愿者'), (100, '铜牌志愿者'), (300, '银牌志愿者'),
  (600, '金牌志愿者'), (1000, '五星志愿者');

-- ---- the points store ----

-- limit_period: 0 none, 1 month, 2 quarter, 3 year.
CREATE TABLE rewards (
  reward_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id        text NOT NULL CHECK (region_id ~ '^[1-9][0-9]{8}([0-9]{3})?$'),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  description      text NOT NULL DEFAULT '',
  price            bigint NOT NULL CHECK (price > 0),
  stock            integer NOT NULL CONSTRAINT rewards_stock_not_negative CHECK (stock >= 0),
  per_person_limit integer NOT NULL DEFAULT 0 CHECK (per_person_limit >= 0),
  limit_period     smallint NOT NULL DEFAULT 0 CHECK (limit_period BETWEEN 0 AND 3),
  active_from      timestamptz NOT NULL,
  active_until     timestamptz,
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rewards_name_per_region UNIQUE (region_id, name),
  CONSTRAINT rewards_window CHECK (active_until IS NULL OR active_until > active_from),
  CONSTRAINT rewards_limit_has_period CHECK ((per_person_limit = 0) = (limit_period = 0))
);
CREATE INDEX rewards_by_region ON rewards (region_id, reward_id);

-- status: 1 held, 2 collected, 3 cancelled. A cancelled order names the transfer that
-- returned its points, once.
CREATE TABLE orders (
  order_id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reward_id           uuid NOT NULL REFERENCES rewards,
  region_id           text NOT NULL,
  volunteer_id        text NOT NULL,
  quantity            integer NOT NULL CHECK (quantity > 0),
  points              bigint NOT NULL CHECK (points > 0),
  status              smallint NOT NULL CHECK (status IN (1, 2, 3)),
  pickup_code         text NOT NULL,
  limit_period_key    text NOT NULL,
  hold_transfer_id    bigint NOT NULL UNIQUE REFERENCES transfers,
  release_transfer_id bigint UNIQUE REFERENCES transfers,
  cancel_reason       text NOT NULL DEFAULT '',
  created_at          timestamptz NOT NULL,
  closed_at           timestamptz,
  CONSTRAINT orders_release_iff_cancelled CHECK ((status = 3) = (release_transfer_id IS NOT NULL))
);
CREATE UNIQUE INDEX orders_open_pickup_code ON orders (region_id, pickup_code) WHERE status = 1;
CREATE INDEX orders_by_volunteer ON orders (volunteer_id, created_at DESC, order_id);
CREATE INDEX orders_by_region ON orders (region_id, created_at DESC, order_id);
CREATE INDEX orders_limit ON orders (volunteer_id, reward_id, limit_period_key) WHERE status <> 3;

-- ---- commendation rounds ----

-- status: 1 proposed, 2 in notice, 3 final. rule: 1 top N, 2 at least P points, 3 a tier.
CREATE TABLE rounds (
  round_id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  region_id           text NOT NULL,
  period_kind         smallint NOT NULL CHECK (period_kind BETWEEN 1 AND 4),
  period              text NOT NULL,
  party_members_only  boolean NOT NULL,
  rule                smallint NOT NULL CHECK (rule BETWEEN 1 AND 3),
  rule_value          bigint NOT NULL DEFAULT 0,
  rule_tier           text NOT NULL DEFAULT '',
  status              smallint NOT NULL CHECK (status IN (1, 2, 3)),
  notice_working_days integer NOT NULL DEFAULT 0,
  notice_until        timestamptz,
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL,
  final_at            timestamptz
);
CREATE INDEX rounds_by_region ON rounds (region_id, round_id);

-- decision: 1 proposed, 2 confirmed, 3 struck. The snapshot: rank and points are frozen.
CREATE TABLE round_candidates (
  round_id     uuid NOT NULL REFERENCES rounds,
  volunteer_id text NOT NULL,
  rank         integer NOT NULL,
  points       bigint NOT NULL,
  name         text NOT NULL,
  community_id text NOT NULL,
  decision     smallint NOT NULL CHECK (decision IN (1, 2, 3)),
  reason       text NOT NULL DEFAULT '',
  PRIMARY KEY (round_id, volunteer_id),
  CONSTRAINT round_candidates_strike_reason CHECK (decision <> 3 OR reason <> '')
);

CREATE TABLE objections (
  objection_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id     uuid NOT NULL,
  volunteer_id text NOT NULL,
  lodged_by    text NOT NULL,
  text         text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
  resolved     boolean NOT NULL DEFAULT false,
  upheld       boolean NOT NULL DEFAULT false,
  resolution   text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL,
  resolved_at  timestamptz,
  FOREIGN KEY (round_id, volunteer_id) REFERENCES round_candidates
);
CREATE INDEX objections_by_round ON objections (round_id, created_at);

-- What a final round put on each volunteer's record. Never changes.
CREATE TABLE commendations (
  round_id     uuid NOT NULL REFERENCES rounds,
  volunteer_id text NOT NULL,
  title        text NOT NULL,
  region_id    text NOT NULL,
  period       text NOT NULL,
  points       bigint NOT NULL,
  rank         integer NOT NULL,
  final_at     timestamptz NOT NULL,
  PRIMARY KEY (round_id, volunteer_id)
);
CREATE INDEX commendations_by_volunteer ON commendations (volunteer_id, final_at DESC);
CREATE TRIGGER commendations_immutable BEFORE UPDATE OR DELETE ON commendations
  FOR EACH ROW EXECUTE FUNCTION reject_change();
