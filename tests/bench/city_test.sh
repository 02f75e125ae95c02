#!/usr/bin/env bash
# The city generator works (ctest bench_city_test, label bench): bench/run city at 1/1000 scale
# (1000 volunteers, 20,000 transfers) on a PostgreSQL cluster of its own, probing before and
# after the newer region-prefix migrations. It passes when the load completes, every balance
# equals the ledger, and no hot statement's plan has to scan a whole table (with sequential scans
# priced out, each must find an index). Times are never asserted; bench/run city measures them.
#
#   city_test.sh BUILD_DIR
set -euo pipefail

BUILD_DIR="${1:?usage: city_test.sh BUILD_DIR}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(TONGXIN_SKIP_BUILD=1 TONGXIN_BUILD_DIR="$BUILD_DIR" BENCH_CITY_SHARED_BUFFERS=32MB \
  bash "$ROOT/bench/city.sh" 1/1000 20 volunteer=5,wishes=4,posts=3)"
echo "$out"
grep -q "^| points | check: balances = ledger" <<<"$out"
grep -q "^### After" <<<"$out"
