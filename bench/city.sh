#!/usr/bin/env bash
# A city at scale on a throwaway PostgreSQL cluster (bench/city/): each service's own database
# filled after its migrations, balances checked against the ledger, the hot reads timed and
# their plans checked. Run by `bench/run city [scale=1] [iterations=500] [baseline]`; scale
# 1/1000 takes seconds; baseline (e.g. volunteer=5,wishes=4,posts=3) probes before and after
# the newer migrations (see bench/city/main.cc). Exits non-zero when a balance is wrong or a hot
# plan scans a large table.
set -euo pipefail
# shellcheck source=../scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$TONGXIN_ROOT"
if [[ -z "${TONGXIN_SKIP_BUILD:-}" ]]; then
  ensure_packages
  build
fi

SCALE="${1:-1}"
ITERATIONS="${2:-500}"
PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-bench-city.XXXXXX")"
# shellcheck disable=SC2317  # runs from the EXIT trap
teardown() {
  local rc=$?
  if ((rc != 0)); then tail -n 20 "$PG_TMP/pg_start.log" "$PG_TMP/postgres.log" >&2 2>/dev/null || true; fi
  pg_stop "$PG_TMP/data" >/dev/null 2>&1 || true
  release_ports "${PG_PORT:-}"
  rm -rf "$PG_TMP"
  exit "$rc"
}
trap teardown EXIT
_pg_own "$PG_TMP"
PG_PORT="$(reserve_ports 1)"
# Bulk loading: room to sort index builds in memory, checkpoints kept out of the way.
TONGXIN_PG_EXTRA_OPTS="-c shared_buffers=${BENCH_CITY_SHARED_BUFFERS:-2GB} -c max_wal_size=16GB \
-c checkpoint_timeout=1h -c wal_level=minimal -c max_wal_senders=0 -c autovacuum=off" \
  pg_start "$PG_TMP/data" "$PG_TMP/run" "$PG_PORT" "$PG_TMP/postgres.log" --fsync-off \
  >"$PG_TMP/pg_start.log" 2>&1

"$TONGXIN_BUILD_DIR/bin/tongxin-city-bench" "postgresql://tongxin@127.0.0.1:$PG_PORT" \
  "$SCALE" "$ITERATIONS" "${3:-}" | grep -v "applied migration"
echo
echo "uptime at the end: $(uptime)"
