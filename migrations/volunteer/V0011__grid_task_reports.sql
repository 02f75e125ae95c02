-- Grid tasks the grid system reports done by registered volunteers (ReportGridTask): one row per
-- (client, reference), so the same task reported twice is one report and earns once (its
-- points.Award goes through the outbox in the same transaction, source_ref grid-task:<report_id>).
CREATE TABLE grid_task_reports (
  report_id    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client       text COLLATE "C" NOT NULL CHECK (length(client) BETWEEN 1 AND 128),
  reference    text COLLATE "C" NOT NULL CHECK (length(reference) BETWEEN 1 AND 64),
  volunteer_id text COLLATE "C" NOT NULL REFERENCES volunteers,
  community_id text COLLATE "C" NOT NULL CHECK (community_id ~ '^[0-9]{12}$'),
  grid_id      text COLLATE "C" NOT NULL DEFAULT '' CHECK (grid_id = '' OR grid_id ~ '^[0-9]{15}$'),
  task_type    int NOT NULL CHECK (task_type > 0),
  completed_at timestamptz NOT NULL,
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT grid_task_reports_once UNIQUE (client, reference)
);
CREATE INDEX grid_task_reports_volunteer ON grid_task_reports (volunteer_id, completed_at);
