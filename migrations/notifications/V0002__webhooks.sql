-- The signed webhooks of the event feed (docs/events.md) and their deliveries.
--
-- A webhook's secret is never stored: it is derived from the service's webhook key and the
-- webhook id. CreateWebhook keeps its own request key here (request_caller, request_id and the
-- request's fingerprint) instead of the idempotency table, whose stored answer would hold the
-- secret: a retry finds the webhook by its key and derives the secret again.
CREATE TABLE webhooks (
  webhook_id uuid PRIMARY KEY,
  region_id text COLLATE "C" NOT NULL,
  url text NOT NULL,
  types text[] COLLATE "C" NOT NULL DEFAULT '{}',  -- empty: every type
  created_by text COLLATE "C" NOT NULL,
  request_caller text COLLATE "C" NOT NULL,
  request_id text COLLATE "C" NOT NULL,
  request_fingerprint text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  delete_time timestamptz,
  UNIQUE (request_caller, request_id)
);
-- The trigger below looks up the live webhooks of an event's region and the regions above it.
CREATE INDEX webhooks_live_by_region ON webhooks (region_id) WHERE delete_time IS NULL;

-- One delivery per event and live webhook, made with the event; state: 1 pending, 2 delivered,
-- 3 dead (every attempt failed; an admin may replay it).
CREATE TABLE webhook_deliveries (
  delivery_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id uuid NOT NULL REFERENCES webhooks,
  event_id uuid NOT NULL REFERENCES events ON DELETE CASCADE,
  state smallint NOT NULL DEFAULT 1 CHECK (state IN (1, 2, 3)),
  attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text NOT NULL DEFAULT '',
  last_attempt_time timestamptz,
  next_attempt_time timestamptz NOT NULL DEFAULT now(),
  dead_time timestamptz,
  create_time timestamptz NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, event_id),
  CONSTRAINT webhook_deliveries_dead_time CHECK ((state = 3) = (dead_time IS NOT NULL))
);
-- The worker's claim: due pending deliveries.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_time) WHERE state = 1;
-- A webhook's pending count, and its dead letters newest first (also the region's, all of them).
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id) WHERE state = 1;
CREATE INDEX webhook_deliveries_dead
  ON webhook_deliveries (webhook_id, dead_time DESC, delivery_id DESC) WHERE state = 3;
CREATE INDEX webhook_deliveries_dead_all
  ON webhook_deliveries (dead_time DESC, delivery_id DESC) WHERE state = 3;
-- An event's deliveries go with it (events ON DELETE CASCADE).
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

-- Deliveries are made in the same transaction as their event, by this trigger, so no code that
-- stores events needs to know webhooks exist. A webhook takes the events of its region and of
-- the regions inside it: region ids are street (9), community (12) or grid (15) digits, so the
-- webhooks that match are those of the event's region and of its two prefixes. Due at once: at
-- the event's create_time, the service clock's (as every time the worker compares).
CREATE FUNCTION webhook_deliveries_of_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event_id, next_attempt_time)
  SELECT w.webhook_id, NEW.event_id, NEW.create_time
  FROM webhooks w
  WHERE w.delete_time IS NULL
    AND w.region_id IN (NEW.region_id, left(NEW.region_id, 12), left(NEW.region_id, 9))
    AND (cardinality(w.types) = 0 OR NEW.type = ANY (w.types))
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER events_webhook_deliveries AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION webhook_deliveries_of_event();
