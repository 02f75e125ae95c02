-- Posts and service logs of a street or community are found by prefix,
-- `community_id LIKE $1 || '%'` (the overview, the post list, the logs to review). The existing
-- indexes cannot serve a LIKE prefix (the database's collation is not C), so those statements
-- read whole tables (bench/run city: EXPLAIN). text_pattern_ops indexes can.
CREATE INDEX posts_by_region ON posts (community_id text_pattern_ops, post_id);
CREATE INDEX service_logs_by_region ON service_logs (community_id text_pattern_ops, created_at);
