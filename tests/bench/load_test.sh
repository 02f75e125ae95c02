#!/usr/bin/env bash
# The load generator works (ctest bench_load_test, label bench): starts scripts/up's stack on a
# PostgreSQL cluster of its own (so that its data never meets another test's), runs tongxin-load
# for about two seconds on three scenarios — Award over gRPC, claim storms over gRPC, the wall
# through the gateway over HTTP — and checks only that each run completed with requests answered
# (tongxin-load's exit status). Numbers are never asserted here; bench/run measures them.
#
#   load_test.sh BUILD_DIR
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

BUILD_DIR="${1:?usage: load_test.sh BUILD_DIR}"
STATE="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-load-test.XXXXXX")"
_pg_own "$STATE"

# shellcheck disable=SC2317  # runs from the EXIT trap
stop_stack() {
  local rc=$?
  trap - EXIT INT TERM
  TONGXIN_VAR_DIR="$STATE/var" bash "$TONGXIN_ROOT/scripts/down" >/dev/null 2>&1 || true
  pg_stop "$STATE/data" >/dev/null 2>&1 || true
  release_ports "${base:-}"
  if ((rc != 0)); then
    # pg_start's own words and the server's log go to files; a failure shows them.
    tail -n 20 "$STATE/pg_start.log" "$STATE/postgres.log" "$STATE"/var/log/*.log >&2 2>/dev/null || true
  fi
  rm -rf "$STATE"
  exit "$rc"
}
base=""
trap stop_stack EXIT
trap 'exit 130' INT TERM

# Seven ports: the stack's six, then PostgreSQL's.
base="$(reserve_ports 7)"
PG_PORT=$((base + 6))
# A third cluster beside scripts/test's and the browser test's: small, since nothing is measured.
TONGXIN_PG_EXTRA_OPTS="-c shared_buffers=32MB" \
  pg_start "$STATE/data" "$STATE/run" "$PG_PORT" "$STATE/postgres.log" --fsync-off >"$STATE/pg_start.log" 2>&1

TONGXIN_VAR_DIR="$STATE/var" TONGXIN_PORT_BASE="$base" TONGXIN_SKIP_BUILD=1 \
  TONGXIN_SKIP_PACKAGES=1 TONGXIN_SKIP_WEB_BUILD=1 TONGXIN_BUILD_DIR="$BUILD_DIR" \
  DATABASE_URL_BASE="postgresql://tongxin@127.0.0.1:$PG_PORT" \
  TONGXIN_GATEWAY_REQUESTS_PER_SECOND=100000 TONGXIN_GATEWAY_BURST=100000 TONGXIN_GATEWAY_RATE_LIMITS=system=100000/100000 \
  TONGXIN_WISHES_MAX_OPEN_CLAIMS=100000 \
  bash "$TONGXIN_ROOT/scripts/up" --detach >"$STATE/up.log" 2>&1 || {
  tail -n 40 "$STATE/up.log" >&2
  die "scripts/up failed"
}

load() {
  log "tongxin-load $*"
  "$BUILD_DIR/bin/tongxin-load" --quick --var_dir="$STATE/var" --port_base="$base" \
    --pg_pidfile="$STATE/data/postmaster.pid" "$@"
}
load --scenario=award --clients=4 --spread=50
load --scenario=claim_storm --clients=10
load --scenario=http_wall --clients=2
log "tongxin-load answered in every scenario"
