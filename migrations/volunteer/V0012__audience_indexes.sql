-- A broadcast's audience (ListAudience) pages through a region's ACTIVE volunteers by
-- volunteer_id, 1,000 to 5,000 at a time. Only active volunteers are indexed, with what the
-- filters read, so that a community's page is one in-order range of an index (no sort, no heap
-- visit); a street's is a merge of its communities' ranges. Party members reported to a
-- community in the region come from the second index.
CREATE INDEX volunteers_audience
  ON volunteers (community_id, volunteer_id) INCLUDE (grid_id, political_status)
  WHERE status = 2;
CREATE INDEX volunteers_audience_reported
  ON volunteers (reported_community_id, volunteer_id)
  WHERE status = 2 AND reported_community_id IS NOT NULL;
