#!/usr/bin/env bash
# The faces in a real browser (ctest web_browser_test, label browser): starts the real stack with
# scripts/up — the services, their migrations and the demo data — on the PostgreSQL that
# scripts/test started, on ports beside any running stack and with its own state directory, then
# runs web/tests/browser.mjs (playwright-core driving Debian's chromium) against the gateway and
# stops the stack, whatever happened. Needs the built sites (scripts/test builds web/ first).
#
#   browser_test.sh BUILD_DIR      screenshots and timings go to BUILD_DIR/web-artifacts
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

BUILD_DIR="${1:?usage: browser_test.sh BUILD_DIR}"
[[ -n "${TONGXIN_TEST_DATABASE_URL:-}" ]] ||
  die "TONGXIN_TEST_DATABASE_URL is not set: run this through scripts/test"
[[ -f "$TONGXIN_ROOT/web/dist/m/index.html" && -d "$TONGXIN_ROOT/web/node_modules/playwright-core" ]] ||
  die "web/ is not built: scripts/test builds it (cd web && npm ci && npm run build)"
ensure_chromium

STATE="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-browser.XXXXXX")"
ARTIFACTS="$BUILD_DIR/web-artifacts"
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"

base=""
# shellcheck disable=SC2317  # runs from the EXIT trap
stop_stack() {
  local rc=$?
  trap - EXIT INT TERM
  TONGXIN_VAR_DIR="$STATE" bash "$TONGXIN_ROOT/scripts/down" >/dev/null 2>&1 || true
  release_ports "${base:-}"
  cp "$STATE"/log/*.log "$ARTIFACTS/" 2>/dev/null || true
  rm -rf "$STATE"
  exit "$rc"
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

# Seven free ports in a row for the stack (scripts/up's TONGXIN_PORT_BASE), held until the end.
base="$(reserve_ports 7)"
log "starting the stack (ports $base-$((base + 6)), state $STATE)"
# The pages check what views show: their parts wait as long as their callers, not the optional
# parts' budget, which a loaded machine could overrun (the gateway's own tests try budgets). The
# flows switch people and check a view right after another's action (or a change made in the
# database): the views' cache is off (gateway_cache_test tests it).
TONGXIN_VAR_DIR="$STATE" TONGXIN_PORT_BASE="$base" TONGXIN_SKIP_BUILD=1 TONGXIN_SKIP_PACKAGES=1 \
  TONGXIN_SKIP_WEB_BUILD=1 TONGXIN_BUILD_DIR="$BUILD_DIR" TONGXIN_GATEWAY_PART_BUDGET_MS=5000 \
  TONGXIN_GATEWAY_VIEW_CACHE_MS=0 \
  DATABASE_URL_BASE="${TONGXIN_TEST_DATABASE_URL%/*}" \
  bash "$TONGXIN_ROOT/scripts/up" --detach >"$ARTIFACTS/up.log" 2>&1 || {
  tail -n 40 "$ARTIFACTS/up.log" >&2
  die "scripts/up failed; see $ARTIFACTS/up.log"
}

# The points database of the stack (scripts/up's tongxin_points on the suite's cluster): the
# round flow lets a notice's working days pass there.
TONGXIN_WEB_URL="http://127.0.0.1:$base" \
  TONGXIN_JWT_SECRET_FILE="$STATE/secrets/jwt.secret" \
  TONGXIN_POINTS_DATABASE_URL="${TONGXIN_TEST_DATABASE_URL%/*}/tongxin_points" \
  TONGXIN_PSQL="$(if [[ -x "${TONGXIN_PG_BIN:-}/psql" ]]; then echo "$TONGXIN_PG_BIN/psql"; else echo psql; fi)" \
  TONGXIN_WEB_ARTIFACTS="$ARTIFACTS" \
  node "$TONGXIN_ROOT/web/tests/browser.mjs"
