-- A region's counts (the overview's volunteers: active, pending, party members, and the party
-- members who reported to a community in the region) read every volunteer of a street or
-- community. Two indexes let them read index pages only (bench/run city: EXPLAIN):
--  * `reported_community_id LIKE $1 || '%'` had no index it could use (the database's collation
--    is not C, so only a text_pattern_ops index serves a LIKE prefix), and every overview read
--    the whole volunteers table. Only reported volunteers are indexed.
--  * the community prefix carries the status and political status, so the counts are an
--    index-only scan instead of a visit to each of a street's volunteers' rows.
CREATE INDEX volunteers_by_reported_community
  ON volunteers (reported_community_id text_pattern_ops) INCLUDE (status)
  WHERE reported_community_id IS NOT NULL;
CREATE INDEX volunteers_counts_by_community
  ON volunteers (community_id text_pattern_ops) INCLUDE (status, political_status);
