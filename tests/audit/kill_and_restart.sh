#!/usr/bin/env bash
# A crash and a restart of one service of scripts/up's stack, for tongxin-audit's
# --fault_command: SIGKILL (no drain, no goodbye: what a power cut or the OOM killer does), then
# the same binary started again with the environment and arguments it had, and waited for until
# its health check answers SERVING. The pid file is updated, so scripts/down still stops it.
#
#   kill_and_restart.sh VAR_DIR NAME BUILD_DIR      e.g. kill_and_restart.sh /tmp/x/var points build
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

VAR="${1:?usage: kill_and_restart.sh VAR_DIR NAME BUILD_DIR}"
NAME="${2:?usage: kill_and_restart.sh VAR_DIR NAME BUILD_DIR}"
BUILD_DIR="${3:?usage: kill_and_restart.sh VAR_DIR NAME BUILD_DIR}"
pidfile="$VAR/run/$NAME.pid"
pid="$(cat "$pidfile" 2>/dev/null || true)"
pid_is "$pid" "tongxin-$NAME" || die "$NAME is not running (pid file $pidfile)"

# What it was started with (scripts/up's start_service), read before it is gone.
mapfile -d '' env_vars <"/proc/$pid/environ"
mapfile -d '' argv <"/proc/$pid/cmdline"
listen=""
for kv in "${env_vars[@]}"; do
  [[ "$kv" == "TONGXIN_$(tr '[:lower:]' '[:upper:]' <<<"$NAME")_LISTEN="* ]] && listen="${kv#*=}"
done
[[ -n "$listen" ]] || die "no TONGXIN_*_LISTEN in $NAME's environment"

kill -KILL "$pid"
for ((i = 0; i < 100; i++)); do
  pid_alive "$pid" || break
  sleep 0.05
done
pid_alive "$pid" && die "$NAME (pid $pid) survived SIGKILL for 5 s"
log "killed $NAME (pid $pid) with SIGKILL"

printf '\n==== %s: restarting %s after SIGKILL ====\n' "$(date -Is)" "${argv[0]}" >>"$VAR/log/$NAME.log"
env -i "${env_vars[@]}" setsid "${argv[@]}" </dev/null >>"$VAR/log/$NAME.log" 2>&1 &
new_pid=$!
echo "$new_pid" >"$pidfile"
if ! wait_for_grpc_health "$BUILD_DIR/bin/tongxin-call" "$listen" 60 "$new_pid"; then
  tail -n 20 "$VAR/log/$NAME.log" >&2 || true
  die "$NAME did not come back on $listen"
fi
log "restarted $NAME (pid $new_pid), SERVING on $listen"
