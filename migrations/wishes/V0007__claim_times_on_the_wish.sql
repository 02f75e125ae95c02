-- The region overview's medians need each published wish's first claim and its last (a claim is
-- an event from APPROVED to CLAIMED). They were two correlated subqueries over wish_events per
-- wish, the slowest part of a street's overview at city scale (wish_stats_times, 32 ms p50 for
-- 1,000 wishes; bench/RESULTS.md, City scale). The wish now keeps both, set by the claim in the
-- transaction that records its event (services/wishes/domain/wish.cc, Claimed); a release keeps
-- them. Filled here from the history.
ALTER TABLE wishes ADD COLUMN first_claimed_at timestamptz, ADD COLUMN last_claimed_at timestamptz;
UPDATE wishes w SET first_claimed_at = c.first_at, last_claimed_at = c.last_at
  FROM (SELECT wish_id, min(at) AS first_at, max(at) AS last_at FROM wish_events
        WHERE from_state = 2 AND to_state = 4 GROUP BY wish_id) c
  WHERE w.wish_id = c.wish_id;
-- Everything the statistics read of a street's or community's wishes, by prefix (text_pattern_ops
-- as wishes_by_region): one index-only scan answers the counts, the rates and the medians.
CREATE INDEX wishes_statistics_by_region ON wishes (community_id text_pattern_ops)
  INCLUDE (state, category, published_at, confirmed_at, first_claimed_at, last_claimed_at);
