#!/usr/bin/env bash
# scripts/up --replicas 2 supervises its replicas and nginx (ctest up_replicas_test, label
# scripts): runs it in the foreground with its embedded PostgreSQL under a state directory and on
# ports of its own, kills replica 2 of points and nginx's master with SIGKILL, and waits for
# scripts/up to report both and start them again: the new nginx master listening (its workers
# running; the dead master's orphaned workers, which held the ports, gone), points answering
# through nginx and on replica 2's own port. Then SIGTERM to scripts/up must stop everything,
# nginx's workers and PostgreSQL included. Every wait is bounded and polls a real condition.
#
#   up_replicas_test.sh BUILD_DIR
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

BUILD_DIR="${1:?usage: up_replicas_test.sh BUILD_DIR}"
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || die "needs Debian's nginx (apt-get install nginx)"
STATE="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-up-replicas.XXXXXX")"
_pg_own "$STATE" # the embedded cluster's postgres user must reach var/pg under it
VAR="$STATE/var"
UP_LOG="$STATE/up.log"
UP_PID=""
bases=()

# shellcheck disable=SC2317  # runs from the EXIT trap
finish() {
  local rc=$? base
  trap - EXIT INT TERM
  if [[ -n "$UP_PID" ]] && pid_alive "$UP_PID"; then
    kill -TERM "$UP_PID" 2>/dev/null || true
    wait "$UP_PID" 2>/dev/null || true
  fi
  TONGXIN_VAR_DIR="$VAR" bash "$TONGXIN_ROOT/scripts/down" >/dev/null 2>&1 || true
  for base in "${bases[@]}"; do release_ports "$base"; done
  if ((rc != 0)); then
    tail -n 60 "$UP_LOG" "$VAR/log/nginx.log" >&2 2>/dev/null || true
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
up_stopped() { ! pid_alive "$UP_PID"; }
group_empty() { ! pgrep -g "$1" >/dev/null; }
# A new nginx master in var/run/nginx.pid, other than OLD, that got its ports: only then does it
# start its workers (one that cannot bind exits without).
nginx_replaced() {
  local pid
  pid="$(cat "$VAR/run/nginx.pid" 2>/dev/null || true)"
  [[ "$pid" != "$1" ]] && pid_is "$pid" tongxin-nginx && pgrep -P "$pid" >/dev/null
}

# The template, before anything runs. The four services' plaintext fronts listen on the internal
# address only (a deployment exposes the public one). A read that writes a row (an access-log row
# per call: `Logged(ctx, "Method"` in the volunteer service; the wishes' GetWish, which logs a
# wisher's details shown) has a location of its own that nginx does not replay once sent.
TEMPLATE="$TONGXIN_ROOT/deploy/nginx/tongxin-nginx.conf.template"
bad_listen="$(awk '
  /listen / { listen = $2 }
  /grpc_pass grpc:\/\/(volunteer|posts|wishes|points);/ && listen !~ /^@INTERNAL_LISTEN_HOST@:/ { print listen }
  /(proxy|grpc)_pass .*gateway_/ && listen !~ /^@PUBLIC_LISTEN_HOST@:/ { print listen }
' "$TEMPLATE")"
[[ -z "$bad_listen" ]] || die "$TEMPLATE: a front on the wrong address: $bad_listen"
logged="$(grep -ho 'Logged(ctx, "[A-Za-z]*"' "$TONGXIN_ROOT"/services/volunteer/grpc/*.cc |
  sed 's/.*"\(.*\)"/tongxin.volunteer.v1.VolunteerService\/\1/')"
for method in $logged tongxin.wishes.v1.WishesService/GetWish; do
  block="$(awk -v loc="location = /$method {" 'index($0, loc) { on = 1 } on { print } on && /}/ { exit }' "$TEMPLATE")"
  [[ -n "$block" ]] || die "$TEMPLATE: no location of its own for $method (replayed as non_idempotent)"
  grep -q 'grpc_next_upstream error timeout;' <<<"$block" ||
    die "$TEMPLATE: $method's location must retry only what was never sent"
done
log "the template: internal fronts on their own address; $(wc -w <<<"$logged tongxin.wishes.v1.WishesService/GetWish") logging reads not replayed"

# nginx's fronts, the activities and notifications services (not replicated: BASE+6, BASE+7) and
# PostgreSQL (BASE+8) on one block (the fronts BASE..BASE+5), a block per replica.
for _ in 1 2 3; do bases+=("$(reserve_ports 10)"); done
base="${bases[0]}"
POINTS_FRONT=$((base + 4))
POINTS_2=$((bases[2] + 4))
log "scripts/up --replicas 2 on ports ${bases[*]} (blocks of 10), state $STATE"
env -u DATABASE_URL_BASE TONGXIN_VAR_DIR="$VAR" TONGXIN_PORT_BASE="$base" \
  TONGXIN_REPLICA_PORT_BASES="${bases[1]},${bases[2]}" TONGXIN_PG_PORT=$((base + 8)) \
  TONGXIN_SKIP_BUILD=1 TONGXIN_SKIP_PACKAGES=1 TONGXIN_SKIP_WEB_BUILD=1 \
  TONGXIN_BUILD_DIR="$BUILD_DIR" bash "$TONGXIN_ROOT/scripts/up" --replicas 2 >"$UP_LOG" 2>&1 &
UP_PID=$!

for ((i = 0; i < 900; i++)); do
  up_log_says "Tongxin is up" && break
  pid_alive "$UP_PID" || die "scripts/up exited before the stack was up"
  sleep 0.2
done
up_log_says "Tongxin is up" || die "the stack was not up within 180 s"
log "the stack is up after ${SECONDS} s"

# nginx in front of the HTTP face keeps the gateway's bounds and answers its own refusals as
# the gateway does: JSON, not to be sniffed, no version in Server.
http_face="http://127.0.0.1:$base"
nginx_refusal() { # WANT_STATUS CURL_ARGS...: the answer's status, type, nosniff, no version
  local want="$1" head
  shift
  head="$(curl -s -o "$STATE/body" -D - --max-time 10 "$@")" || die "curl $*: no answer"
  grep -q "^HTTP/1.1 $want " <<<"$head" || die "want $want from nginx, got: $(head -n1 <<<"$head")"
  grep -qi '^content-type: application/json' <<<"$head" || die "$want: not JSON: $head"
  grep -qi '^x-content-type-options: nosniff' <<<"$head" || die "$want: no nosniff: $head"
  ! grep -qi '^server: nginx/' <<<"$head" || die "$want: nginx's version shown: $head"
  grep -q '"code"' "$STATE/body" || die "$want: body $(cat "$STATE/body")"
}
head -c $((65 * 1024)) /dev/zero | tr '\0' a >"$STATE/big"
nginx_refusal 413 -X POST -H 'Content-Type: application/json' --data-binary @"$STATE/big" "$http_face/v1/x"
nginx_refusal 431 -H "X-Big: $(head -c $((17 * 1024)) /dev/zero | tr '\0' a)" "$http_face/healthz"
nginx_refusal 414 "$http_face/$(head -c $((70 * 1024)) /dev/zero | tr '\0' a)"
nginx_refusal 404 "$http_face/_nginx/body_too_large"
log "nginx refuses a 65 KiB body (413), a 17 KiB header (431), a 70 KiB target (414) and its" \
  "internal paths (404) as JSON"

old_nginx="$(cat "$VAR/run/nginx.pid")"
old_points="$(cat "$VAR/run/points.2.pid")"
log "kill -9 nginx's master (pid $old_nginx) and points.2 (pid $old_points)"
kill -KILL "$old_nginx" "$old_points"

wait_until 30 "scripts/up reports that nginx was killed" \
  up_log_says "nginx (pid $old_nginx) was killed by signal 9 (KILL)"
wait_until 30 "scripts/up reports that points.2 was killed" \
  up_log_says "points.2 (pid $old_points) was killed by signal 9 (KILL)"
wait_until 30 "a new nginx master listens and runs its workers" nginx_replaced "$old_nginx"
wait_until 10 "the killed master's workers are gone" group_empty "$old_nginx"
wait_for_grpc_health "$BUILD_DIR/bin/tongxin-call" "127.0.0.1:$POINTS_2" 60 ||
  die "not within 30 s: the restarted points.2 answers its health check"
wait_for_grpc_health "$BUILD_DIR/bin/tongxin-call" "127.0.0.1:$POINTS_FRONT" 60 ||
  die "not within 30 s: points answers through nginx"
pid_alive "$UP_PID" || die "scripts/up exited when nginx died"

# Stopping scripts/up stops everything it runs: the replicas, nginx and its workers, PostgreSQL.
pids=()
for pidfile in "$VAR"/run/*.pid; do
  pids+=("$(cat "$pidfile")")
done
new_nginx="$(cat "$VAR/run/nginx.pid")"
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
wait_until 10 "nginx's workers stop" group_empty "$new_nginx"
[[ ! -f "$VAR/pg/data/postmaster.pid" ]] || die "PostgreSQL is still running after scripts/up stopped"
for b in "${bases[@]}"; do
  for ((port = b; port < b + 7; port++)); do
    ! port_in_use "$port" || die "port $port still answers after scripts/up stopped"
  done
done
log "scripts/up --replicas 2 restarted nginx and a replica, and stopped everything on SIGTERM"
