-- The outbox's dead letters and the region each event concerns (issue 11 hole 9).
-- dead_at: set when an event has used up its attempts; it is never due again until an admin
-- retries it (attempts back to 0, dead_at cleared). region_id: the community (or street) the
-- event concerns, so that admins see the dead letters of their scope; events written before
-- this migration have '' and are shown to the system role only.
ALTER TABLE outbox_events
  ADD COLUMN dead_at timestamptz,
  ADD COLUMN region_id text NOT NULL DEFAULT '';

DROP INDEX outbox_events_due;
CREATE INDEX outbox_events_due ON outbox_events (next_attempt_at, seq)
  WHERE delivered_at IS NULL AND dead_at IS NULL;
-- Dead letters by region prefix, in the order they were written (keyset pages by seq).
CREATE INDEX outbox_events_dead ON outbox_events (region_id text_pattern_ops, seq)
  WHERE dead_at IS NOT NULL;
