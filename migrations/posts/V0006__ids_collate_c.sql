-- Ids and keys compare as bytes (COLLATE "C"), as points V0007 explains: region, volunteer,
-- request and caller ids and post type codes are ASCII codes, and under the database's
-- collation every index comparison on them was a strcoll. Titles, names, descriptions, places,
-- summaries and reasons keep the default collation. The type stays text: no table is rewritten;
-- each table's indexes on these columns (text_pattern_ops ones included) are rebuilt once and
-- the foreign keys re-checked. Type codes are listed in byte order now ('_' after the letters).
ALTER TABLE idempotency_keys
  ALTER COLUMN caller TYPE text COLLATE "C",
  ALTER COLUMN request_id TYPE text COLLATE "C";
ALTER TABLE outbox_events
  ALTER COLUMN region_id TYPE text COLLATE "C";
ALTER TABLE post_types
  ALTER COLUMN code TYPE text COLLATE "C";
ALTER TABLE posts
  ALTER COLUMN community_id TYPE text COLLATE "C",
  ALTER COLUMN grid_id TYPE text COLLATE "C",
  ALTER COLUMN type_code TYPE text COLLATE "C",
  ALTER COLUMN created_by TYPE text COLLATE "C";
ALTER TABLE units
  ALTER COLUMN community_id TYPE text COLLATE "C";
ALTER TABLE adoptions
  ALTER COLUMN adopter_id TYPE text COLLATE "C";
ALTER TABLE service_logs
  ALTER COLUMN community_id TYPE text COLLATE "C",
  ALTER COLUMN adopter_id TYPE text COLLATE "C",
  ALTER COLUMN reviewed_by TYPE text COLLATE "C";
-- posts_by_community duplicated posts_by_region's columns in the plain operator class; no
-- statement orders by community_id, and the text_pattern_ops twin serves equality and every
-- prefix (the generic plans' `~>=~` ranges need it), so the plain one only cost each write.
DROP INDEX posts_by_community;
