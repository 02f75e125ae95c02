#!/usr/bin/env bash
# A crash and a restart of one service of scripts/up's stack, for tongxin-audit's
# --fault_command: SIGKILL (no drain, no goodbye: what a power cut or the OOM killer does), then
# the same binary started again with the environment and arguments it had, and waited for until
# its health check answers SERVING (the gateway: until its HTTP port accepts). The pid file is
# updated, so scripts/down still stops it. With SIGNAL TERM the service drains and exits (30 s at
# most); DOWN_S keeps it down that long before the restart (e.g. while outboxes fill).
#
#   kill_and_restart.sh VAR_DIR NAME BUILD_DIR [KILL|TERM] [DOWN_S]
#     e.g. kill_and_restart.sh /tmp/x/var points build
#   NAME.R is replica R of NAME (scripts/up --replicas), e.g. points.2
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

VAR="${1:?usage: kill_and_restart.sh VAR_DIR NAME BUILD_DIR}"
NAME="${2:?usage: kill_and_restart.sh VAR_DIR NAME BUILD_DIR}"
BUILD_DIR="${3:?usage: kill_and_restart.sh VAR_DIR NAME BUILD_DIR}"
SIGNAL="${4:-KILL}"
DOWN_S="${5:-0}"
[[ "$SIGNAL" == KILL || "$SIGNAL" == TERM ]] || die "SIGNAL: KILL or TERM"
[[ "$DOWN_S" =~ ^[0-9]+$ ]] || die "DOWN_S: whole seconds"
SERVICE="${NAME%%.*}"
pidfile="$VAR/run/$NAME.pid"
pid="$(cat "$pidfile" 2>/dev/null || true)"
pid_is "$pid" "tongxin-$SERVICE" || die "$NAME is not running (pid file $pidfile)"

# What it was started with (scripts/up's start_service), read before it is gone.
mapfile -d '' env_vars <"/proc/$pid/environ"
mapfile -d '' argv <"/proc/$pid/cmdline"
listen=""
for kv in "${env_vars[@]}"; do
  [[ "$kv" == "TONGXIN_$(tr '[:lower:]' '[:upper:]' <<<"$SERVICE")_LISTEN="* ]] && listen="${kv#*=}"
done
[[ -n "$listen" ]] || die "no TONGXIN_*_LISTEN in $NAME's environment"

kill "-$SIGNAL" "$pid"
# When, for what the run's logs show after it (tests/audit/replicas_check.sh).
printf '%s SIG%s %s\n' "$EPOCHREALTIME" "$SIGNAL" "$NAME" >>"$VAR/log/faults.log"
# It is not our child, so `wait` cannot see it end: `tail --pid` returns when it has (SIGKILL ends
# it at once, SIGTERM after its drain), 30 s at most.
timeout 30 tail --pid="$pid" -f /dev/null || true
pid_alive "$pid" && die "$NAME (pid $pid) survived SIG$SIGNAL for 30 s"
log "stopped $NAME (pid $pid) with SIG$SIGNAL"
if ((DOWN_S > 0)); then
  log "$NAME stays down for ${DOWN_S} s"
  sleep "$DOWN_S" # the fault itself: time down, not a wait for something
fi

printf '\n==== %s: restarting %s after SIG%s ====\n' "$(date -Is)" "${argv[0]}" "$SIGNAL" >>"$VAR/log/$NAME.log"
env -i "${env_vars[@]}" setsid "${argv[@]}" </dev/null >>"$VAR/log/$NAME.log" 2>&1 &
new_pid=$!
echo "$new_pid" >"$pidfile"
if [[ "$SERVICE" == gateway ]]; then
  # The gateway's LISTEN is its HTTP face; it answers once its port accepts.
  came_back() { wait_for_port "${listen%:*}" "${listen##*:}" 60 "$new_pid"; }
else
  came_back() { wait_for_grpc_health "$BUILD_DIR/bin/tongxin-call" "$listen" 60 "$new_pid"; }
fi
if ! came_back; then
  tail -n 20 "$VAR/log/$NAME.log" >&2 || true
  die "$NAME did not come back on $listen"
fi
log "restarted $NAME (pid $new_pid), serving on $listen"
