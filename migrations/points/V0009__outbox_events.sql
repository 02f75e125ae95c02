-- The points service's own outbox (session 12): orders ready and handed out, commendation rounds
-- published and finalized are published to the notifications service, written in the
-- transaction of the change and delivered at least once by the relay (services/common/outbox.h);
-- dead letters (dead_at) wait for an admin of region_id to retry them. The same shape as the
-- other services' outbox_events (activities V0001).
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
