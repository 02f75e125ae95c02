-- The national volunteer-service export (全国志愿服务信息系统, docs/national-export.md).

-- Every record knows the record its chain of corrections started from: the export's stable
-- reference, which the national system de-duplicates on. Set by the database on insert, so no
-- code path can get it wrong.
ALTER TABLE service_records ADD COLUMN original_record_id uuid REFERENCES service_records;
WITH RECURSIVE chain AS (
  SELECT record_id, record_id AS original_record_id FROM service_records
  WHERE corrects_record_id IS NULL
  UNION ALL
  SELECT r.record_id, c.original_record_id FROM service_records r
  JOIN chain c ON r.corrects_record_id = c.record_id
)
UPDATE service_records s SET original_record_id = chain.original_record_id
FROM chain WHERE s.record_id = chain.record_id;
ALTER TABLE service_records ALTER COLUMN original_record_id SET NOT NULL;

CREATE FUNCTION service_records_set_original() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.corrects_record_id IS NULL THEN
    NEW.original_record_id := NEW.record_id;
  ELSE
    SELECT original_record_id INTO STRICT NEW.original_record_id
    FROM service_records WHERE record_id = NEW.corrects_record_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER service_records_original BEFORE INSERT ON service_records
  FOR EACH ROW EXECUTE FUNCTION service_records_set_original();

-- Pages read the records of a period in (service_date, record_id) order.
CREATE INDEX service_records_by_date ON service_records (service_date, record_id);

-- One row per export, written with its first page and updated with each page. as_of is the
-- snapshot: records created after it are not in the export. rows_total: the export's rows,
-- counted at its first page (before anything is revealed, so that the row cap refuses first).
-- finished_at: when its last page was first served. snapshot_purged_at: when the purge job
-- forgot the volunteers it covered (a page token is refused from then on).
CREATE TABLE service_record_exports (
  seq            bigserial UNIQUE,
  export_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  caller         text COLLATE "C" NOT NULL,
  caller_role    text NOT NULL,
  region_id      text COLLATE "C" NOT NULL,
  period_start   date NOT NULL,
  period_end     date NOT NULL,
  as_of          timestamptz NOT NULL,
  started_at     timestamptz NOT NULL,
  last_page_at   timestamptz NOT NULL,
  rows_served    integer NOT NULL DEFAULT 0 CHECK (rows_served >= 0),
  pages          integer NOT NULL DEFAULT 0 CHECK (pages >= 0),
  rows_total     integer NOT NULL DEFAULT 0 CHECK (rows_total >= 0),
  finished_at    timestamptz,
  snapshot_purged_at timestamptz,
  CONSTRAINT service_record_exports_period CHECK (period_start <= period_end)
);
CREATE INDEX service_record_exports_by_region
  ON service_record_exports (region_id text_pattern_ops, seq);
-- The purge job finds the exports whose snapshot may go (their tokens all expired).
CREATE INDEX service_record_exports_to_purge
  ON service_record_exports (last_page_at) WHERE snapshot_purged_at IS NULL;

-- Who was in the region when the export started: every page reads these volunteers' records,
-- so a volunteer who moves meanwhile is neither lost nor doubled. Kept after the last page (a
-- retried page reads the same rows again) until the purge job, once every token is expired.
CREATE TABLE service_record_export_volunteers (
  export_id    uuid NOT NULL REFERENCES service_record_exports ON DELETE CASCADE,
  volunteer_id text COLLATE "C" NOT NULL,
  community_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (export_id, volunteer_id)
);

-- result 8: the volunteer's ID number was revealed on a page of an export.
ALTER TABLE id_number_lookups DROP CONSTRAINT id_number_lookups_result_check;
ALTER TABLE id_number_lookups ADD CONSTRAINT id_number_lookups_result_check
  CHECK (result IN (1, 2, 3, 4, 5, 6, 7, 8));
