-- Ids and keys compare as bytes (COLLATE "C"), as points V0007 explains: region, volunteer,
-- request and caller ids are ASCII codes, and under the database's collation every index
-- comparison on them was a strcoll. Descriptions, names, notes and reasons keep the default
-- collation. The type stays text: no table is rewritten; each table's indexes on these columns
-- (text_pattern_ops ones included) are rebuilt once.
ALTER TABLE idempotency_keys
  ALTER COLUMN caller TYPE text COLLATE "C",
  ALTER COLUMN request_id TYPE text COLLATE "C";
ALTER TABLE outbox_events
  ALTER COLUMN region_id TYPE text COLLATE "C";
ALTER TABLE wishes
  ALTER COLUMN community_id TYPE text COLLATE "C",
  ALTER COLUMN grid_id TYPE text COLLATE "C",
  ALTER COLUMN claimer_id TYPE text COLLATE "C",
  ALTER COLUMN submitted_by TYPE text COLLATE "C";
ALTER TABLE wish_events
  ALTER COLUMN actor TYPE text COLLATE "C";
ALTER TABLE wisher_access_log
  ALTER COLUMN community_id TYPE text COLLATE "C",
  ALTER COLUMN grid_id TYPE text COLLATE "C",
  ALTER COLUMN reader_id TYPE text COLLATE "C";
-- wishes_by_community duplicated wishes_by_region's columns in the plain operator class; no
-- statement orders by community_id, and the text_pattern_ops twin serves equality and every
-- prefix (the generic plans' `~>=~` ranges need it), so the plain one only cost each write.
DROP INDEX wishes_by_community;
