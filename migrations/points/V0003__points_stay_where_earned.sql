-- Points stay where they were earned (issue 11). The earned-points summary was one row per
-- period and volunteer, labelled with the community of the volunteer's newest award: one wish
-- confirmed elsewhere moved a whole year out of their community's rankings. Now each row is kept
-- per region where the points were earned: the community (the transfer's region_id), its street,
-- and '' for the whole city (all-time totals and tiers). The summary is rebuilt from the ledger,
-- which has always recorded where each transfer was earned.
DROP TABLE earned_points;

CREATE TABLE earned_points (
  period       text NOT NULL,
  region_id    text NOT NULL CHECK (region_id = '' OR region_id ~ '^[1-9][0-9]{8}([0-9]{3})?$'),
  volunteer_id text NOT NULL,
  party_member boolean NOT NULL,
  points       bigint NOT NULL,
  PRIMARY KEY (period, region_id, volunteer_id)
);
CREATE INDEX earned_points_ranking ON earned_points (period, region_id, points DESC, volunteer_id);
CREATE INDEX earned_points_ranking_party ON earned_points (period, region_id, points DESC, volunteer_id)
  WHERE party_member;

INSERT INTO earned_points (period, region_id, volunteer_id, party_member, points)
SELECT p.period, r.region_id, t.earned_volunteer, coalesce(bool_or(a.party_member), false),
       sum(t.earned_delta)
FROM transfers t
LEFT JOIN accounts a ON a.account_id = 'volunteer:' || t.earned_volunteer
CROSS JOIN LATERAL (VALUES (to_char(t.earned_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')),
                           (to_char(t.earned_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-"Q"Q')),
                           (to_char(t.earned_at AT TIME ZONE 'Asia/Shanghai', 'YYYY')),
                           ('all')) AS p(period)
CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[t.region_id, left(t.region_id, 9), ''])
                    AS x) AS r(region_id)
WHERE t.earned_volunteer IS NOT NULL AND t.earned_delta <> 0
GROUP BY 1, 2, 3;

-- A volunteer account's community is the volunteer's home as the points service records it
-- (who may act for them); it no longer follows the newest award. Until an award names the home,
-- it is where the account was opened: the community of the volunteer's first earned points.
UPDATE accounts a SET community_id = f.region_id
FROM (SELECT DISTINCT ON (earned_volunteer) earned_volunteer, region_id FROM transfers
      WHERE earned_volunteer IS NOT NULL AND earned_delta > 0 AND length(region_id) = 12
      ORDER BY earned_volunteer, transfer_id) f
WHERE a.account_id = 'volunteer:' || f.earned_volunteer;

-- Objections are counted per caller and round (a cap per caller).
CREATE INDEX objections_by_lodger ON objections (round_id, lodged_by);
