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
