-- A street's or community's wishes are found by prefix, `community_id LIKE $1 || '%'` (the
-- overview's statistics, the admin list). wishes_by_community cannot serve a LIKE prefix (the
-- database's collation is not C), so each of those statements read the whole wishes table
-- (bench/run city: EXPLAIN). A text_pattern_ops index can.
CREATE INDEX wishes_by_region ON wishes (community_id text_pattern_ops, created_at, wish_id);
