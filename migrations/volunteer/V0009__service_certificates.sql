-- Service certificates (志愿服务证明): what a certificate says is frozen here when it is issued,
-- so its PDF is rendered again from this row alone, byte for byte. Only masked personal data is
-- kept. Hours by category are by the records' source; the total is their sum (a CHECK).
CREATE TABLE certificates (
  serial            text COLLATE "C" PRIMARY KEY CHECK (serial ~ '^[0-9A-HJKMNP-TV-Z]{17}$'),
  volunteer_id      text COLLATE "C" NOT NULL REFERENCES volunteers,
  name_masked       text NOT NULL,
  id_number_masked  text NOT NULL,
  community_id      text COLLATE "C" NOT NULL REFERENCES communities,
  community_name    text NOT NULL,
  period_start      date NOT NULL,
  period_end        date NOT NULL,
  post_log_hours    numeric(9, 2) NOT NULL CHECK (post_log_hours >= 0),
  wish_hours        numeric(9, 2) NOT NULL CHECK (wish_hours >= 0),
  activity_hours    numeric(9, 2) NOT NULL CHECK (activity_hours >= 0),
  honour_hours      numeric(9, 2) NOT NULL CHECK (honour_hours >= 0),
  total_hours       numeric(9, 2) NOT NULL,
  record_count      integer NOT NULL CHECK (record_count >= 0),
  -- Whole microseconds: the PDF's dates come from this value and must read back the same.
  issued_at         timestamptz NOT NULL,
  issued_by         text COLLATE "C" NOT NULL,
  status            smallint NOT NULL DEFAULT 1 CHECK (status IN (1, 2, 3)),
  revoke_reason     text,
  revoked_by        text COLLATE "C",
  status_changed_at timestamptz,
  CONSTRAINT certificates_period CHECK (period_start <= period_end),
  -- Five years at most (1827 days holds any five calendar years): a certificate is of a stretch
  -- of service, not of a lifetime from 1900.
  CONSTRAINT certificates_period_length CHECK (period_end - period_start < 1827),
  CONSTRAINT certificates_total
    CHECK (total_hours = post_log_hours + wish_hours + activity_hours + honour_hours),
  -- A revoked certificate says why and by whom; no other has a reason.
  CONSTRAINT certificates_revoke_reason
    CHECK ((status = 2) = (revoke_reason IS NOT NULL AND revoked_by IS NOT NULL)
           AND (revoke_reason IS NULL OR length(revoke_reason) BETWEEN 1 AND 200)),
  CONSTRAINT certificates_status_time CHECK ((status = 1) = (status_changed_at IS NULL))
);
-- A volunteer's certificates, newest first (scanned backwards).
CREATE INDEX certificates_by_volunteer ON certificates (volunteer_id, issued_at, serial);
-- One valid certificate per volunteer and period (asking again returns it); also the valid ones a
-- new or corrected record may supersede.
CREATE UNIQUE INDEX certificates_one_valid_per_period
  ON certificates (volunteer_id, period_start, period_end) WHERE status = 1;

-- A change of the volunteer's current records supersedes every valid certificate of theirs whose
-- period holds the record's date, in the change's own transaction, whatever code made it: the
-- certificate can no longer say what the records say. Two changes do: a record marked superseded
-- (a correction: its old date), and a current record with hours inserted (a late roster
-- confirmation, an honour, or a correction's new row, which may move the hours to another date).
-- A correction's new row of 0 hours (a deletion) counts for nothing: only its old row's update.
CREATE FUNCTION certificates_supersede() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- IssueCertificate locks the volunteer's row before it sums the records: a certificate being
  -- issued meanwhile is either committed (and superseded here) or sums the corrected records.
  PERFORM 1 FROM volunteers WHERE volunteer_id = NEW.volunteer_id FOR NO KEY UPDATE;
  UPDATE certificates SET status = 3, status_changed_at = now()
   WHERE volunteer_id = NEW.volunteer_id AND status = 1
     AND NEW.service_date BETWEEN period_start AND period_end;
  RETURN NULL;
END $$;
CREATE TRIGGER service_records_supersede_certificates
  AFTER UPDATE OF superseded_by ON service_records
  FOR EACH ROW WHEN (OLD.superseded_by IS NULL AND NEW.superseded_by IS NOT NULL)
  EXECUTE FUNCTION certificates_supersede();
CREATE TRIGGER service_records_new_supersede_certificates
  AFTER INSERT ON service_records
  FOR EACH ROW WHEN (NEW.superseded_by IS NULL AND NEW.hours > 0)
  EXECUTE FUNCTION certificates_supersede();
