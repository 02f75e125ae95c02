-- The notifications service's own database (tongxin_notifications): the events the other
-- services publish (the feed), and the per-person inbox messages they make. Ids and keys compare
-- as bytes (COLLATE "C", as the other services' schemas explain).

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

-- Inlined by the planner (posts V0005 explains the body).
CREATE FUNCTION epoch_micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (extract(epoch FROM t - '1970-01-01 00:00:00+00'::timestamptz) * 1000000)::bigint $$;

-- The feed's cursor. A value is taken only while holding the feed lock (a transaction-level
-- advisory lock, event_repository.cc), which is held until commit: so sequences become visible
-- in increasing order, and a reader asking "after N" never skips an event that took a smaller
-- number but committed later. Rolled-back transactions leave gaps, which readers ignore.
CREATE SEQUENCE event_sequence AS bigint;

-- One row per event, stored once however often it is published (event_id: the producer's
-- outbox event id). source is the CloudEvents source, "/tongxin/<service>" of the publisher.
CREATE TABLE events (
  event_id    uuid PRIMARY KEY,
  sequence    bigint NOT NULL UNIQUE,
  type        text COLLATE "C" NOT NULL CHECK (type LIKE 'cn.tongxin.%'),
  source      text COLLATE "C" NOT NULL CHECK (source LIKE '/tongxin/%'),
  subject     text COLLATE "C" NOT NULL,
  region_id   text COLLATE "C" NOT NULL CHECK (region_id ~ '^[1-9][0-9]{8}([0-9]{3}){0,2}$'),
  occurred_at timestamptz NOT NULL,
  data        jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  create_time timestamptz NOT NULL
);
-- The retention purge, oldest first.
CREATE INDEX events_by_age ON events (create_time);

-- One message per person and event (UNIQUE: exactly once, however often the event comes). The
-- foreign key is checked at commit, so a publisher may insert the messages before the event and
-- hold the feed lock only for the event's own insert. broadcast_id: set for a broadcast's
-- messages (V0003 adds its foreign key).
CREATE TABLE messages (
  message_id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id text COLLATE "C" NOT NULL CHECK (recipient_id <> ''),
  event_id     uuid NOT NULL REFERENCES events ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  type         text COLLATE "C" NOT NULL,
  title        text NOT NULL,
  body         text NOT NULL,
  link         text NOT NULL DEFAULT '',
  create_time  timestamptz NOT NULL,
  read_time    timestamptz,
  broadcast_id uuid,
  UNIQUE (recipient_id, event_id)
);
-- A person's inbox, newest first (keyset: create_time, message_id).
CREATE INDEX messages_inbox ON messages (recipient_id, create_time DESC, message_id DESC);
-- The unread count: only unread messages are indexed, so the count reads just those.
CREATE INDEX messages_unread ON messages (recipient_id, create_time) WHERE read_time IS NULL;
-- The retention purge, oldest first; and the cascade from events.
CREATE INDEX messages_by_age ON messages (create_time);
CREATE INDEX messages_by_event ON messages (event_id);
