-- Ids and keys compare as bytes (COLLATE "C"). Account, region, volunteer and request ids and
-- period keys are ASCII codes ('issuing:411502001001', '2026-Q2'): ordering them by a language's
-- rules serves nothing, yet under the database's collation every comparison in an index — each
-- lookup's descent, each insert, each sort of an index build — was a strcoll, and sorts got no
-- abbreviated keys (PostgreSQL uses them only for C). At city scale (20 M transfers, 17.5 M
-- earned-points rows) the builds of transfers_from, transfers_to and earned_points' indexes were
-- most of a 32-minute load (bench/RESULTS.md, City scale). Byte order is the order one expects
-- of digit codes, and a plain index on a C column also serves `LIKE 'prefix%'`.
-- Human-language text (names, titles, descriptions, reasons, tier names) keeps the default.
-- The type stays text, so no table is rewritten; each table's indexes on these columns are
-- rebuilt once (one ALTER TABLE per table) and the foreign keys between them re-checked.
ALTER TABLE idempotency_keys
  ALTER COLUMN caller TYPE text COLLATE "C",
  ALTER COLUMN request_id TYPE text COLLATE "C";
ALTER TABLE accounts
  ALTER COLUMN account_id TYPE text COLLATE "C",
  ALTER COLUMN owner_id TYPE text COLLATE "C",
  ALTER COLUMN community_id TYPE text COLLATE "C";
ALTER TABLE transfers
  ALTER COLUMN from_account TYPE text COLLATE "C",
  ALTER COLUMN to_account TYPE text COLLATE "C",
  ALTER COLUMN source_ref TYPE text COLLATE "C",
  ALTER COLUMN actor TYPE text COLLATE "C",
  ALTER COLUMN region_id TYPE text COLLATE "C",
  ALTER COLUMN earned_volunteer TYPE text COLLATE "C";
ALTER TABLE earned_points
  ALTER COLUMN period TYPE text COLLATE "C",
  ALTER COLUMN region_id TYPE text COLLATE "C",
  ALTER COLUMN volunteer_id TYPE text COLLATE "C";
ALTER TABLE earning_rules
  ALTER COLUMN region_id TYPE text COLLATE "C",
  ALTER COLUMN updated_by TYPE text COLLATE "C";
ALTER TABLE earning_rule_changes
  ALTER COLUMN region_id TYPE text COLLATE "C",
  ALTER COLUMN actor TYPE text COLLATE "C";
ALTER TABLE rewards
  ALTER COLUMN region_id TYPE text COLLATE "C";
ALTER TABLE orders
  ALTER COLUMN region_id TYPE text COLLATE "C",
  ALTER COLUMN volunteer_id TYPE text COLLATE "C",
  ALTER COLUMN pickup_code TYPE text COLLATE "C",
  ALTER COLUMN limit_period_key TYPE text COLLATE "C";
ALTER TABLE rounds
  ALTER COLUMN region_id TYPE text COLLATE "C",
  ALTER COLUMN period TYPE text COLLATE "C",
  ALTER COLUMN created_by TYPE text COLLATE "C";
ALTER TABLE round_candidates
  ALTER COLUMN volunteer_id TYPE text COLLATE "C",
  ALTER COLUMN community_id TYPE text COLLATE "C";
ALTER TABLE objections
  ALTER COLUMN volunteer_id TYPE text COLLATE "C",
  ALTER COLUMN lodged_by TYPE text COLLATE "C";
ALTER TABLE commendations
  ALTER COLUMN volunteer_id TYPE text COLLATE "C",
  ALTER COLUMN region_id TYPE text COLLATE "C",
  ALTER COLUMN period TYPE text COLLATE "C";

-- Only a reversal names the transfer it reverses: every other transfer wrote a NULL into the
-- unique index behind transfers_reversed_once, one entry per award (20 M at city scale, a 28 s
-- build of NULLs), for nothing (NULLs never collide). The same rule over the reversals alone;
-- the index keeps the constraint's name, which a violation reports (LedgerRepository maps it).
ALTER TABLE transfers DROP CONSTRAINT transfers_reversed_once;
CREATE UNIQUE INDEX transfers_reversed_once ON transfers (reverses_transfer_id)
  WHERE reverses_transfer_id IS NOT NULL;
