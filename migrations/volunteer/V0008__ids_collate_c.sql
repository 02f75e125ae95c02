-- Ids and keys compare as bytes (COLLATE "C"), as points V0007 explains: region, volunteer,
-- request and caller ids are ASCII codes, and under the database's collation every index
-- comparison on them was a strcoll (1 M volunteers at city scale). Names, the masked ID number
-- and phone, the party branch and every reason keep the default collation. The type stays text:
-- no table is rewritten; each table's indexes on these columns (text_pattern_ops ones
-- included) are rebuilt once and the foreign keys re-checked.
ALTER TABLE idempotency_keys
  ALTER COLUMN caller TYPE text COLLATE "C",
  ALTER COLUMN request_id TYPE text COLLATE "C";
ALTER TABLE outbox_events
  ALTER COLUMN region_id TYPE text COLLATE "C";
ALTER TABLE streets
  ALTER COLUMN street_id TYPE text COLLATE "C";
ALTER TABLE communities
  ALTER COLUMN community_id TYPE text COLLATE "C",
  ALTER COLUMN street_id TYPE text COLLATE "C";
ALTER TABLE grids
  ALTER COLUMN grid_id TYPE text COLLATE "C",
  ALTER COLUMN community_id TYPE text COLLATE "C";
ALTER TABLE volunteers
  ALTER COLUMN volunteer_id TYPE text COLLATE "C",
  ALTER COLUMN community_id TYPE text COLLATE "C",
  ALTER COLUMN grid_id TYPE text COLLATE "C",
  ALTER COLUMN reported_community_id TYPE text COLLATE "C";
ALTER TABLE teams
  ALTER COLUMN community_id TYPE text COLLATE "C";
ALTER TABLE team_members
  ALTER COLUMN volunteer_id TYPE text COLLATE "C";
ALTER TABLE service_records
  ALTER COLUMN volunteer_id TYPE text COLLATE "C",
  ALTER COLUMN organiser_region_id TYPE text COLLATE "C",
  ALTER COLUMN source_ref TYPE text COLLATE "C",
  ALTER COLUMN recorded_by TYPE text COLLATE "C";
ALTER TABLE community_reports
  ALTER COLUMN volunteer_id TYPE text COLLATE "C",
  ALTER COLUMN community_id TYPE text COLLATE "C",
  ALTER COLUMN requested_by TYPE text COLLATE "C",
  ALTER COLUMN decided_by TYPE text COLLATE "C";
ALTER TABLE id_number_lookups
  ALTER COLUMN caller TYPE text COLLATE "C",
  ALTER COLUMN volunteer_id TYPE text COLLATE "C",
  ALTER COLUMN hit_community_id TYPE text COLLATE "C";
