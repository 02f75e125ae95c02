#!/usr/bin/env bash
# Rankings at city scale on a throwaway PostgreSQL cluster (bench/points/leaderboard_bench.cc);
# run by `bench/run leaderboard [volunteers=1000000] [transfers=10000000]`.
set -euo pipefail
# shellcheck source=../scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$TONGXIN_ROOT"
ensure_packages
build

VOLUNTEERS="${1:-1000000}"
TRANSFERS="${2:-10000000}"
PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-bench-pg.XXXXXX")"
teardown() {
  pg_stop "$PG_TMP/data" || true
  release_ports "${PG_PORT:-}"
  rm -rf "$PG_TMP"
}
PG_PORT=""  # set by reserve_ports below; until then teardown has no ports to release
trap teardown EXIT
_pg_own "$PG_TMP"
PG_PORT="$(reserve_ports 1)"
pg_start "$PG_TMP/data" "$PG_TMP/run" "$PG_PORT" "$PG_TMP/postgres.log" --fsync-off
URL="postgresql://tongxin@127.0.0.1:$PG_PORT"
psql "$URL/postgres" -qc "CREATE DATABASE tongxin_bench_points"

echo "## Points: rankings at city scale ($VOLUNTEERS volunteers, $TRANSFERS transfers)"
echo
"$TONGXIN_BUILD_DIR/bin/points_leaderboard_bench" "$URL/tongxin_bench_points" \
  "$VOLUNTEERS" "$TRANSFERS" "$PG_TMP/leaderboard_street.pgbench" 2> >(grep -v "applied migration" >&2)
echo
echo "pgbench, the same leaderboard_street statement, 1 client, prepared, 20 s:"
pgbench -n -M prepared -c 1 -T 20 -f "$PG_TMP/leaderboard_street.pgbench" \
  "$URL/tongxin_bench_points" 2>&1 | grep -E "latency average|tps" || true
