#!/usr/bin/env bash
# A broadcast fanned out to N inboxes (issue 16: 10,000 in under 10 s) on a throwaway PostgreSQL
# cluster, beside pgbench running the same database work; run by
# `bench/run fanout [volunteers=10000] [runs=3]` (bench/fanout/fanout_bench.cc).
set -euo pipefail
# shellcheck source=../scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$TONGXIN_ROOT"
ensure_packages
build

VOLUNTEERS="${1:-10000}"
RUNS="${2:-3}"
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
psql "$URL/postgres" -qc "CREATE DATABASE tongxin_bench_volunteer"
psql "$URL/postgres" -qc "CREATE DATABASE tongxin_bench_notifications"

echo "## Broadcast fan-out: $VOLUNTEERS inboxes, $RUNS runs (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
echo
"$TONGXIN_BUILD_DIR/bin/tongxin-fanout-bench" "$URL" "$VOLUNTEERS" "$RUNS" "$PG_TMP" \
  2> >(grep -v "applied migration" >&2)
echo
echo "pgbench beside it (load average: $(cut -d' ' -f1-3 /proc/loadavg)), 1 client, prepared:"
echo "- the audience's first page (ListAudience's statement, 5,000 ids of one community), 10 s:"
pgbench -n -M prepared -c 1 -T 10 -f "$PG_TMP/audience_page.pgbench" \
  "$URL/tongxin_bench_volunteer" 2>&1 | grep -E "latency average|tps" || true
echo "- one broadcast's $VOLUNTEERS messages and its event in one transaction, 5 times:"
pgbench -n -M prepared -c 1 -t 5 -f "$PG_TMP/fanout_insert.pgbench" \
  "$URL/tongxin_bench_notifications" 2>&1 | grep -E "latency average|tps" || true
