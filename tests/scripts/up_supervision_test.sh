#!/usr/bin/env bash
# scripts/up supervises (ctest up_supervision_test, label scripts): runs scripts/up in the
# foreground with its embedded PostgreSQL under a state directory and on ports of its own, kills
# the wishes service and the gateway with SIGKILL, and waits for scripts/up to report each death
# and start them again — wishes answering its gRPC health check, the gateway listening. Then
# SIGTERM to scripts/up must stop everything, PostgreSQL included. Every wait is bounded and
# polls a real condition (a log line, a health check, a port, a process).
#
#   up_supervision_test.sh BUILD_DIR
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

BUILD_DIR="${1:?usage: up_supervision_test.sh BUILD_DIR}"
STATE="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-up-test.XXXXXX")"
_pg_own "$STATE" # the embedded cluster's postgres user must reach var/pg under it
VAR="$STATE/var"
UP_LOG="$STATE/up.log"
UP_PID=""
base=""

# shellcheck disable=SC2317  # runs from the EXIT trap
finish() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$UP_PID" ]] && pid_alive "$UP_PID"; then
    kill -TERM "$UP_PID" 2>/dev/null || true
    wait "$UP_PID" 2>/dev/null || true
  fi
  TONGXIN_VAR_DIR="$VAR" bash "$TONGXIN_ROOT/scripts/down" >/dev/null 2>&1 || true
  release_ports "$base"
  if ((rc != 0)); then
    tail -n 60 "$UP_LOG" >&2 2>/dev/null || true
  fi
  rm -rf "$STATE"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

# wait_until SECONDS WHAT COMMAND...: runs COMMAND every 0.2 s until it succeeds; after SECONDS
# fails the test, naming WHAT.
wait_until() {
  local seconds="$1" what="$2" i
  shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  die "not within ${seconds} s: $what"
}
up_log_says() { grep -qF -- "$1" "$UP_LOG"; }
up_running() { pid_alive "$UP_PID"; }
up_stopped() { ! pid_alive "$UP_PID"; }
# A new process of `tongxin-NAME` in its pid file, other than OLD_PID.
replaced() {
  local name="$1" old="$2" pid
  pid="$(cat "$VAR/run/$name.pid" 2>/dev/null || true)"
  [[ "$pid" != "$old" ]] && pid_is "$pid" "tongxin-$name"
}

# Nine ports: the stack's eight (gateway BASE, services BASE+1..4, gateway gRPC BASE+5,
# activities BASE+6, notifications BASE+7), then PostgreSQL's.
base="$(reserve_ports 9)"
GATEWAY_PORT="$base"
WISHES_PORT=$((base + 3))
log "scripts/up on ports $base-$((base + 8)), state $STATE"
env -u DATABASE_URL_BASE TONGXIN_VAR_DIR="$VAR" TONGXIN_PORT_BASE="$base" \
  TONGXIN_PG_PORT=$((base + 8)) TONGXIN_SKIP_BUILD=1 TONGXIN_SKIP_PACKAGES=1 \
  TONGXIN_SKIP_WEB_BUILD=1 TONGXIN_BUILD_DIR="$BUILD_DIR" \
  bash "$TONGXIN_ROOT/scripts/up" >"$UP_LOG" 2>&1 &
UP_PID=$!

for ((i = 0; i < 600; i++)); do
  up_log_says "Tongxin is up" && break
  up_running || die "scripts/up exited before the stack was up"
  sleep 0.2
done
up_log_says "Tongxin is up" || die "the stack was not up within 120 s"
log "the stack is up after ${SECONDS} s"

old_wishes="$(cat "$VAR/run/wishes.pid")"
old_gateway="$(cat "$VAR/run/gateway.pid")"
log "kill -9 wishes (pid $old_wishes) and the gateway (pid $old_gateway)"
kill -KILL "$old_wishes" "$old_gateway"

wait_until 30 "scripts/up reports that wishes was killed" \
  up_log_says "wishes (pid $old_wishes) was killed by signal 9 (KILL)"
wait_until 30 "scripts/up reports that the gateway was killed" \
  up_log_says "gateway (pid $old_gateway) was killed by signal 9 (KILL)"
wait_until 30 "scripts/up restarts wishes" replaced wishes "$old_wishes"
wait_until 30 "scripts/up restarts the gateway" replaced gateway "$old_gateway"
wait_for_grpc_health "$BUILD_DIR/bin/tongxin-call" "127.0.0.1:$WISHES_PORT" 60 ||
  die "not within 30 s: the restarted wishes answers its health check"
wait_for_port 127.0.0.1 "$GATEWAY_PORT" 60 || die "not within 30 s: the restarted gateway listens"
up_log_says "restarted wishes (pid $(cat "$VAR/run/wishes.pid"))" ||
  die "scripts/up did not say it restarted wishes"
up_running || die "scripts/up exited when a service died"

# Stopping scripts/up stops everything it runs, the restarted services and PostgreSQL too.
pids=()
for pidfile in "$VAR"/run/*.pid; do
  pids+=("$(cat "$pidfile")")
done
log "SIGTERM to scripts/up (pid $UP_PID)"
kill -TERM "$UP_PID"
wait_until 60 "scripts/up stops" up_stopped
status=0
wait "$UP_PID" || status=$?
UP_PID=""
((status == 0)) || die "scripts/up exited with status $status on SIGTERM"
for pid in "${pids[@]}"; do
  ! pid_alive "$pid" || die "pid $pid is still running after scripts/up stopped"
done
[[ ! -f "$VAR/pg/data/postmaster.pid" ]] || die "PostgreSQL is still running after scripts/up stopped"
for ((port = base; port < base + 8; port++)); do
  ! port_in_use "$port" || die "port $port still answers after scripts/up stopped"
done
log "scripts/up restarted the killed services and stopped everything on SIGTERM"
