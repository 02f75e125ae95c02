#!/usr/bin/env bash
# The load generator works (ctest bench_load_test, label bench): starts scripts/up's stack on a
# PostgreSQL cluster of its own (so that its data never meets another test's), runs tongxin-load
# for about two seconds on three scenarios — Award over gRPC, claim storms over gRPC, the wall
# through the gateway over HTTP — and checks only that each run completed with requests answered
# (tongxin-load's exit status). Numbers are never asserted here; bench/run measures them.
# Then the pgbench scripts of the services' transactions (tongxin-pgbench-scripts) are made from
# what those runs left and each runs a few transactions: a script that drifted from the service's
# statements fails here rather than print no comparison in bench/run.
#
#   load_test.sh BUILD_DIR
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

BUILD_DIR="${1:?usage: load_test.sh BUILD_DIR}"
STATE="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-load-test.XXXXXX")"

test_stack_up "$STATE" "$BUILD_DIR" TONGXIN_GATEWAY_REQUESTS_PER_SECOND=100000 \
  TONGXIN_GATEWAY_BURST=100000 TONGXIN_GATEWAY_RATE_LIMITS=system=100000/100000 \
  TONGXIN_WISHES_MAX_OPEN_CLAIMS=100000
base="$STACK_BASE"

load() {
  log "tongxin-load $*"
  "$BUILD_DIR/bin/tongxin-load" --quick --var_dir="$STATE/var" --port_base="$base" \
    --pg_pidfile="$STATE/data/postmaster.pid" "$@"
}
load --scenario=award --clients=4 --spread=50
load --scenario=claim_storm --clients=10
load --scenario=http_wall --clients=2
log "tongxin-load answered in every scenario"

scripts="$STATE/pgbench-scripts"
mkdir -p "$scripts"
url="$STACK_URL_BASE"
"$BUILD_DIR/bin/tongxin-pgbench-scripts" "$url/tongxin_points" "$url/tongxin_wishes" \
  "$url/tongxin_posts" "$scripts" >"$STATE/pgbench-scripts.log" 2>&1 || {
  cat "$STATE/pgbench-scripts.log" >&2
  die "tongxin-pgbench-scripts failed"
}
declare -A database_of=([award]=tongxin_points [claim_storm]=tongxin_wishes [wall]=tongxin_wishes
  [redeem_spread]=tongxin_points [redeem_hot]=tongxin_points [adopt_storm]=tongxin_posts)
for name in award claim_storm wall redeem_spread redeem_hot adopt_storm; do
  script="$scripts/$name.sql"
  if [[ ! -f "$script" ]]; then
    # Award's and the claim storms' targets were made above; the others need scenarios not run.
    [[ "$name" != award && "$name" != claim_storm ]] || die "no pgbench script $name.sql"
    continue
  fi
  out="$STATE/pgbench-$name.log"
  if ! pgbench -n -M prepared -c 2 -j 1 -t 5 -f "$script" "$url/${database_of[$name]}" >"$out" 2>&1 ||
    grep -qE 'error|aborted' "$out"; then
    cat "$out" >&2
    die "pgbench $name.sql failed: it no longer runs the service's statements"
  fi
  log "pgbench $name.sql ran: $(grep -m 1 'number of transactions actually processed' "$out")"
done
