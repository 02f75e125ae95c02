-- Points for grid tasks the grid system reports done (ACTIVITY_GRID_TASK), by task type: a set of
-- rules names only the types it changes; the defaults name every type (modest: 陇海马路 pays grid
-- workers for patrols and assigned tasks, not as much as an hour of post service).
ALTER TABLE earning_rules ADD COLUMN grid_task_points jsonb NOT NULL DEFAULT '{}'
  CHECK (jsonb_typeof(grid_task_points) = 'object');

UPDATE earning_rules SET grid_task_points = '{
  "GRID_TASK_TYPE_PATROL": 2,
  "GRID_TASK_TYPE_ASSIGNED_TASK": 5,
  "GRID_TASK_TYPE_INFO_COLLECTION": 2,
  "GRID_TASK_TYPE_CONFLICT_MEDIATION": 5,
  "GRID_TASK_TYPE_HAZARD_INSPECTION": 3,
  "GRID_TASK_TYPE_RESIDENT_VISIT": 2
}'::jsonb WHERE region_id = '';
