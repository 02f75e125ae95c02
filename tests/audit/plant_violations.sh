#!/usr/bin/env bash
# The auditor's own test: breaks four rules behind the services' backs, as a bug would, for a
# tongxin-audit run that must then fail (audit_test.sh's second run). In the audit community
# (411502098001) of the points database: a unit of stock appears from nowhere in every reward, the
# latest adjustment's transfer is written twice (its balances untouched), and the community's
# issuing account gains a point no transfer explains; in the volunteer database, the volunteers
# who registered themselves and were admitted so far are pending again.
#
#   plant_violations.sh DATABASE_URL_BASE
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

URL_BASE="${1:?usage: plant_violations.sh DATABASE_URL_BASE}"
_psql -d "$URL_BASE/tongxin_points" <<'SQL'
BEGIN;
UPDATE rewards SET stock = stock + 1 WHERE region_id = '411502098001';
INSERT INTO transfers (from_account, to_account, amount, kind, source_ref, actor, reason,
                       region_id, earned_delta, earned_volunteer, earned_at, created_at)
SELECT from_account, to_account, amount, kind, source_ref, actor, reason, region_id,
       earned_delta, earned_volunteer, earned_at, created_at
FROM transfers WHERE kind = 2 AND region_id = '411502098001' ORDER BY transfer_id DESC LIMIT 1;
UPDATE accounts SET balance = balance + 1 WHERE account_id = 'issuing:411502098001';
COMMIT;
SQL
_psql -d "$URL_BASE/tongxin_volunteer" <<'SQL'
UPDATE volunteers SET status = 1
WHERE community_id = '411502098001' AND status = 2 AND name LIKE '审计新人%';
SQL
log "planted: stock, a doubled adjustment, a balance without its transfer, admissions undone"
