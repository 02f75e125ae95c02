-- Redeem and Award as one server-side call each (issue 13): the whole transaction — the request
-- id, the reads, the checks that need the rows, the writes and the answer stored with the key —
-- is one statement that commits itself, one round trip instead of five (Redeem) or six (Award),
-- and the community's hot row (the store account, the issuing account) is held only while the
-- function finishes and commits, never across a round trip.
--
-- The request id (AIP-155, as services/common/idempotency.h): concurrent attempts of one key
-- serialise on a transaction-scoped advisory lock taken first, so a retry waits for an
-- uncommitted first attempt and then finds its key. A key found answers at once: with the row
-- stored in `answer` (the first call's result, which the service turns into the same bytes), with
-- `response` (a key stored by IdempotencyStore before this migration), or refuses a different
-- request (another fingerprint). A refusal writes nothing, so nothing needs rolling back; the
-- key is stored with the answer last. A key that appears at that moment (an attempt that took no
-- advisory lock) makes the call fail as a serialization failure, which Db retries.
--
-- State and kind numbers come in as arguments from the service's query constants (SqlInt), so
-- they live in one place.

-- The answer of a call stored by these functions: their result row as JSON. `response` stays
-- NULL for such keys.
ALTER TABLE idempotency_keys ADD COLUMN answer jsonb;

-- The key of a request, taken by the advisory lock, then looked up: NULL when the request is
-- new; else what the caller gets (a reused id, the stored row, or the stored protobuf answer).
CREATE FUNCTION request_key_answer(p_caller text, p_request_id text, p_fingerprint text,
                                   OUT o_found boolean, OUT o_reused boolean, OUT o_answer jsonb,
                                   OUT o_response bytea)
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('request:' || p_caller || ':' || p_request_id, 0));
  -- Keys from before keys had callers (caller '') count when the fingerprint says it is this
  -- very request (as IdempotencyStore's lookup).
  SELECT k.fingerprint <> p_fingerprint, k.answer, coalesce(k.response, ''::bytea)
    INTO o_reused, o_answer, o_response
    FROM idempotency_keys k
   WHERE k.request_id = p_request_id
     AND (k.caller = p_caller OR (k.caller = '' AND k.fingerprint = p_fingerprint))
   ORDER BY k.caller DESC LIMIT 1;
  o_found := FOUND;
END $$;

CREATE FUNCTION request_key_store(p_caller text, p_request_id text, p_fingerprint text,
                                  p_answer jsonb) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO idempotency_keys (caller, request_id, fingerprint, answer)
    VALUES (p_caller, p_request_id, p_fingerprint, p_answer)
    ON CONFLICT (caller, request_id) DO NOTHING;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'request id answered by a concurrent attempt'
      USING ERRCODE = 'serialization_failure';
  END IF;
END $$;

-- outcome: placed | replayed (the first call's row) | stored_response | request_id_reused |
-- no_reward | refused (nothing written; the reward, the account, the units taken in the period
-- and whether stock was taken are returned for the service to say which rule refused).
CREATE TYPE redeem_result AS (
  outcome                   text,
  stored_response           bytea,
  reward_region_id          text,
  reward_price              bigint,
  reward_per_person_limit   integer,
  reward_active             boolean,
  reward_active_from_micros bigint,
  reward_active_until_micros bigint,
  has_account               boolean,
  account_community_id      text,
  account_balance           bigint,
  units_taken               integer,
  stock_taken               boolean,
  order_id                  text,
  reward_id                 text,
  reward_name               text,
  region_id                 text,
  volunteer_id              text,
  quantity                  integer,
  points                    bigint,
  status                    smallint,
  pickup_code               text,
  limit_period_key          text,
  hold_transfer_id          bigint,
  cancel_reason             text,
  create_micros             bigint,
  close_micros              bigint
);

-- Redeem: the reward read and the volunteer's account locked (that lock serialises one
-- volunteer's redemptions, so the units and the balance count everything they committed); the
-- checks that need these rows — an admin's scope over the store and the volunteer's home
-- (p_admin_scope; NULL for the volunteer themself and the system), the reward's window, the
-- balance, the per-person limit in the period (p_period_keys: the key of `now` for each
-- limit_period number, from the service) and the stock; then the stock, the hold transfer with
-- both balances, the order and the key. Locks in Redeem's order (volunteer, reward, store;
-- CancelOrder relies on it), the store account — every redemption of the region writes it —
-- last.
CREATE FUNCTION points_redeem(
    p_caller text, p_request_id text, p_fingerprint text, p_reward_id uuid, p_volunteer_id text,
    p_volunteer_account text, p_quantity integer, p_admin_scope text[], p_now_micros bigint,
    p_period_keys text[], p_pickup_code text, p_actor text, p_source_ref text,
    p_store_account_prefix text, p_held smallint, p_cancelled smallint, p_store_kind smallint,
    p_hold_kind smallint)
  RETURNS redeem_result LANGUAGE plpgsql AS $$
DECLARE
  r redeem_result;
  k record;
  rw record;
  v_now timestamptz := to_timestamp(p_now_micros::float8 / 1000000);
  v_has_account boolean;
  v_community text;
  v_balance bigint;
  v_units integer := 0;
  v_cost bigint;
  v_period_key text;
  v_store text;
  v_transfer bigint;
BEGIN
  SELECT * INTO k FROM request_key_answer(p_caller, p_request_id, p_fingerprint);
  IF k.o_found THEN
    IF k.o_reused THEN
      r.outcome := 'request_id_reused';
    ELSIF k.o_answer IS NOT NULL THEN
      r := jsonb_populate_record(NULL::redeem_result, k.o_answer);
      r.outcome := 'replayed';
    ELSE
      r.outcome := 'stored_response';
      r.stored_response := k.o_response;
    END IF;
    RETURN r;
  END IF;

  SELECT region_id, name, price, per_person_limit, limit_period, active,
         epoch_micros(active_from) AS active_from_micros,
         epoch_micros(active_until) AS active_until_micros
    INTO rw FROM rewards WHERE reward_id = p_reward_id;
  IF NOT FOUND THEN
    r.outcome := 'no_reward';
    RETURN r;
  END IF;
  SELECT community_id, balance INTO v_community, v_balance
    FROM accounts WHERE account_id = p_volunteer_account FOR UPDATE;
  v_has_account := FOUND;
  v_community := coalesce(v_community, '');
  v_balance := coalesce(v_balance, 0);
  v_cost := rw.price * p_quantity;
  v_period_key := p_period_keys[rw.limit_period + 1];
  IF rw.per_person_limit > 0 THEN
    SELECT coalesce(sum(quantity), 0)::integer INTO v_units FROM orders
     WHERE volunteer_id = p_volunteer_id AND reward_id = p_reward_id
       AND limit_period_key = v_period_key AND status <> p_cancelled;
  END IF;

  IF (p_admin_scope IS NOT NULL AND NOT (
        EXISTS (SELECT 1 FROM unnest(p_admin_scope) s WHERE s <> '' AND starts_with(rw.region_id, s))
        AND EXISTS (SELECT 1 FROM unnest(p_admin_scope) s
                     WHERE s <> '' AND v_community <> '' AND starts_with(v_community, s))))
     OR NOT rw.active OR p_now_micros < rw.active_from_micros
     OR coalesce(p_now_micros >= rw.active_until_micros, false)
     OR v_balance < v_cost
     OR (rw.per_person_limit > 0 AND v_units + p_quantity > rw.per_person_limit)
  THEN
    r.stock_taken := false;
  ELSE
    UPDATE rewards SET stock = stock - p_quantity
     WHERE reward_id = p_reward_id AND stock >= p_quantity;
    r.stock_taken := FOUND;
  END IF;
  IF NOT r.stock_taken THEN
    r.outcome := 'refused';
    r.reward_region_id := rw.region_id;
    r.reward_price := rw.price;
    r.reward_per_person_limit := rw.per_person_limit;
    r.reward_active := rw.active;
    r.reward_active_from_micros := rw.active_from_micros;
    r.reward_active_until_micros := rw.active_until_micros;
    r.has_account := v_has_account;
    r.account_community_id := v_community;
    r.account_balance := v_balance;
    r.units_taken := v_units;
    RETURN r;
  END IF;

  UPDATE accounts SET balance = balance - v_cost WHERE account_id = p_volunteer_account;
  v_store := p_store_account_prefix || rw.region_id;
  INSERT INTO accounts (account_id, kind, owner_id, balance)
    VALUES (v_store, p_store_kind, rw.region_id, v_cost)
    ON CONFLICT (account_id) DO UPDATE SET balance = accounts.balance + EXCLUDED.balance;
  INSERT INTO transfers (from_account, to_account, amount, kind, source_ref, actor, reason,
                         region_id, earned_at, created_at)
    VALUES (p_volunteer_account, v_store, v_cost, p_hold_kind, p_source_ref, p_actor, rw.name,
            rw.region_id, v_now, v_now)
    RETURNING transfer_id INTO v_transfer;
  INSERT INTO orders (reward_id, region_id, volunteer_id, quantity, points, status, pickup_code,
                      limit_period_key, hold_transfer_id, created_at)
    VALUES (p_reward_id, rw.region_id, p_volunteer_id, p_quantity, v_cost, p_held, p_pickup_code,
            v_period_key, v_transfer, v_now)
    RETURNING order_id::text, reward_id::text, region_id, volunteer_id, quantity, points, status,
              pickup_code, limit_period_key, hold_transfer_id, cancel_reason,
              epoch_micros(created_at), epoch_micros(closed_at)
         INTO r.order_id, r.reward_id, r.region_id, r.volunteer_id, r.quantity, r.points,
              r.status, r.pickup_code, r.limit_period_key, r.hold_transfer_id, r.cancel_reason,
              r.create_micros, r.close_micros;
  r.reward_name := rw.name;
  r.outcome := 'placed';
  PERFORM request_key_store(p_caller, p_request_id, p_fingerprint, jsonb_strip_nulls(to_jsonb(r)));
  RETURN r;
END $$;

-- outcome: answered (points posted, none earned, or the source's earlier award) | replayed |
-- stored_response | request_id_reused | source_elsewhere (the source was awarded to another
-- volunteer) | rules_changed (the earning rules are no longer those the points were reckoned
-- by: nothing written, the service reads them again) | account_missing.
CREATE TYPE award_result AS (
  outcome              text,
  stored_response      bytea,
  points               bigint,
  capped               boolean,
  transfer_id          bigint,
  from_account         text,
  to_account           text,
  amount               bigint,
  kind                 smallint,
  source_ref           text,
  actor                text,
  reason               text,
  region_id            text,
  reverses_transfer_id bigint,
  earned_delta         bigint,
  earned_volunteer     text,
  earned_micros        bigint,
  create_micros        bigint
);

-- The version of the earning rules that apply in a region (its own, its street's, the
-- defaults): each set's region and time of change. The service reckons an award's points by
-- the rules it read with their version; points_award posts only while the version is the same.
CREATE FUNCTION earning_rules_version(p_region text) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(region_id || '@' || epoch_micros(updated_at), ','
                             ORDER BY length(region_id)), '')
    FROM earning_rules WHERE region_id IN (p_region, left(p_region, 9), '')
$$;

-- Award: an earlier award of the same source answers (to the same volunteer) or refuses (to
-- another); then, while the rules are those of p_rules_version, p_points (reckoned by the
-- service; 0: nothing posted) as award_post did: the volunteer's account ensured and credited,
-- the community's issuing account ensured and debited — last, as every award of the community
-- writes it — the transfer and the earned-points summary; then the key.
CREATE FUNCTION points_award(
    p_caller text, p_request_id text, p_fingerprint text, p_rules_version text, p_points bigint,
    p_capped boolean, p_account text, p_volunteer_id text, p_account_community text,
    p_party_member boolean, p_display_name text, p_home_given boolean, p_issuing text,
    p_kind smallint, p_source_ref text, p_actor text, p_region_id text, p_reason text,
    p_earned_micros bigint, p_now_micros bigint, p_periods text[], p_regions text[],
    p_volunteer_kind smallint, p_issuing_kind smallint)
  RETURNS award_result LANGUAGE plpgsql AS $$
DECLARE
  r award_result;
  k record;
BEGIN
  SELECT * INTO k FROM request_key_answer(p_caller, p_request_id, p_fingerprint);
  IF k.o_found THEN
    IF k.o_reused THEN
      r.outcome := 'request_id_reused';
    ELSIF k.o_answer IS NOT NULL THEN
      r := jsonb_populate_record(NULL::award_result, k.o_answer);
      r.outcome := 'replayed';
    ELSE
      r.outcome := 'stored_response';
      r.stored_response := k.o_response;
    END IF;
    RETURN r;
  END IF;

  SELECT transfer_id, from_account, to_account, amount, kind, source_ref, actor, reason,
         region_id, coalesce(reverses_transfer_id, 0), earned_delta,
         coalesce(earned_volunteer, ''), epoch_micros(earned_at), epoch_micros(created_at)
    INTO r.transfer_id, r.from_account, r.to_account, r.amount, r.kind, r.source_ref, r.actor,
         r.reason, r.region_id, r.reverses_transfer_id, r.earned_delta, r.earned_volunteer,
         r.earned_micros, r.create_micros
    FROM transfers WHERE kind = p_kind AND source_ref = p_source_ref;
  IF FOUND THEN
    IF r.to_account <> p_account THEN
      r := NULL;
      r.outcome := 'source_elsewhere';
      RETURN r;
    END IF;
    r.points := r.amount;
    r.capped := false;
  ELSIF earning_rules_version(p_region_id) <> p_rules_version THEN
    r.outcome := 'rules_changed';
    RETURN r;
  ELSE
    r.points := p_points;
    r.capped := p_capped;
    IF p_points > 0 THEN
      WITH credit AS (
        INSERT INTO accounts (account_id, kind, owner_id, community_id, party_member,
                              display_name, balance)
          VALUES (p_account, p_volunteer_kind, p_volunteer_id,
                  p_account_community,
                  p_party_member, p_display_name, p_points)
          ON CONFLICT (account_id) DO UPDATE SET
            community_id = CASE WHEN p_home_given OR accounts.community_id = ''
                                THEN EXCLUDED.community_id ELSE accounts.community_id END,
            party_member = EXCLUDED.party_member,
            display_name = CASE WHEN EXCLUDED.display_name = '' THEN accounts.display_name
                                ELSE EXCLUDED.display_name END,
            balance = accounts.balance + EXCLUDED.balance
          WHERE accounts.kind = p_volunteer_kind
          RETURNING party_member),
      debit AS (
        INSERT INTO accounts (account_id, kind, owner_id, balance)
          SELECT p_issuing, p_issuing_kind, p_region_id, -p_points FROM credit
          ON CONFLICT (account_id) DO UPDATE SET balance = accounts.balance + EXCLUDED.balance
          RETURNING 1),
      t AS (
        INSERT INTO transfers (from_account, to_account, amount, kind, source_ref, actor, reason,
                               region_id, earned_delta, earned_volunteer, earned_at, created_at)
          SELECT p_issuing, p_account, p_points, p_kind, p_source_ref, p_actor, p_reason,
                 p_region_id, p_points, p_volunteer_id,
                 to_timestamp(p_earned_micros::float8 / 1000000),
                 to_timestamp(p_now_micros::float8 / 1000000)
            FROM debit RETURNING *),
      earned AS (
        INSERT INTO earned_points (period, region_id, volunteer_id, party_member, points)
          SELECT p, rg, p_volunteer_id, credit.party_member, p_points
            FROM t, credit, unnest(p_periods) AS p, unnest(p_regions) AS rg
          ON CONFLICT (period, region_id, volunteer_id) DO UPDATE SET
            points = earned_points.points + EXCLUDED.points,
            party_member = EXCLUDED.party_member)
      SELECT transfer_id, from_account, to_account, amount, kind, source_ref, actor, reason,
             region_id, coalesce(reverses_transfer_id, 0), earned_delta,
             coalesce(earned_volunteer, ''), epoch_micros(earned_at), epoch_micros(created_at)
        INTO r.transfer_id, r.from_account, r.to_account, r.amount, r.kind, r.source_ref,
             r.actor, r.reason, r.region_id, r.reverses_transfer_id, r.earned_delta,
             r.earned_volunteer, r.earned_micros, r.create_micros
        FROM t;
      IF NOT FOUND THEN
        r := NULL;
        r.outcome := 'account_missing';
        RETURN r;
      END IF;
    END IF;
  END IF;
  r.outcome := 'answered';
  PERFORM request_key_store(p_caller, p_request_id, p_fingerprint, jsonb_strip_nulls(to_jsonb(r)));
  RETURN r;
END $$;
