#!/usr/bin/env bash
# One fault against audit_test.sh's stack, for tongxin-audit's --fault_command (issue 14, Faults):
#
#   kill-NAME      SIGKILL a service (volunteer, posts, wishes, points, gateway), then restart it
#   stop-points    SIGTERM the points service (it drains and exits), 8 s down while the posts and
#                  wishes outboxes fill with undeliverable points, then start it again
#   pg-fast        PostgreSQL restarted with a fast shutdown (sessions ended, a checkpoint)
#   pg-immediate   PostgreSQL stopped as by a crash (no checkpoint; recovery at the restart)
#   pg-terminate   pg_terminate_backend on every service connection (the services reconnect)
#   cut-connections  every TCP connection to a service or the gateway aborted on both ends, as a
#                  network fault would (`ss -K`, CAP_NET_ADMIN): calls sent and not yet answered fail
#                  with UNAVAILABLE, whether or not the server acted on them; all reconnect
#   kill-replica   (a stack of scripts/up --replicas 2) replica 2 of each service SIGKILLed, one
#                  a second, the gateway last; each stays down 3 s while nginx sends every call to
#                  replica 1, then is restarted (at most four down at once)
#
#   fault.sh KIND STATE_DIR BUILD_DIR    (STATE_DIR: test_stack_up's, with data/ and var/)
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

KIND="${1:?usage: fault.sh KIND STATE_DIR BUILD_DIR}"
STATE="${2:?usage: fault.sh KIND STATE_DIR BUILD_DIR}"
BUILD_DIR="${3:?usage: fault.sh KIND STATE_DIR BUILD_DIR}"
here="$(dirname "${BASH_SOURCE[0]}")"

# The cluster's URL, from the port its postmaster.pid names (line 4).
pg_url() { echo "postgresql://tongxin@127.0.0.1:$(sed -n 4p "$STATE/data/postmaster.pid")/postgres"; }

case "$KIND" in
  kill-volunteer | kill-posts | kill-wishes | kill-points | kill-gateway)
    bash "$here/kill_and_restart.sh" "$STATE/var" "${KIND#kill-}" "$BUILD_DIR"
    ;;
  stop-points)
    bash "$here/kill_and_restart.sh" "$STATE/var" points "$BUILD_DIR" TERM 8
    ;;
  kill-replica)
    pids=()
    for name in volunteer posts wishes points gateway; do
      ((${#pids[@]} == 0)) || sleep 1 # the fault's shape: one kill a second, not a wait
      bash "$here/kill_and_restart.sh" "$STATE/var" "$name.2" "$BUILD_DIR" KILL 3 &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    ;;
  pg-fast | pg-immediate)
    log "restarting PostgreSQL (${KIND#pg-} shutdown)"
    # -l: the restarted server (its crash recovery included) logs where the first one did.
    _pg_run "$TONGXIN_PG_BIN/pg_ctl" -D "$STATE/data" -l "$STATE/postgres.log" -m "${KIND#pg-}" \
      -w -t 60 restart >/dev/null
    log "PostgreSQL is back"
    ;;
  pg-terminate)
    ended="$(_psql -tA -d "$(pg_url)" -c "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) \
      FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() \
      AND datname LIKE 'tongxin\_%') t")"
    log "pg_terminate_backend ended $ended service connections"
    ;;
  cut-connections)
    can_cut_connections || die "cut-connections: ss -K needs CAP_NET_ADMIN (root, not in a container that drops it)"
    # The ports the stack's processes listen on (services, gateway HTTP and gRPC, metrics).
    ports=()
    shopt -s nullglob
    for pidfile in "$STATE"/var/run/*.pid; do
      pid="$(cat "$pidfile")"
      mapfile -t -O "${#ports[@]}" ports < <(ss -Htlnp | awk -v p="pid=$pid," \
        '$0 ~ p { n = split($4, a, ":"); print a[n] }')
    done
    ((${#ports[@]} > 0)) || die "cut-connections: no listening port found under $STATE/var/run"
    filter=()
    for port in "${ports[@]}"; do
      filter+=(${filter[@]:+or} dport = ":$port" or sport = ":$port")
    done
    # ss lists what it was asked to destroy, and skips (exit 0) what the kernel would not: the
    # count is of sockets gone afterwards (both ends of a loopback connection count).
    before="$(ss -Htn state established "( ${filter[*]} )" | wc -l)"
    ss -HtnK state established "( ${filter[*]} )" >/dev/null
    left="$(ss -Htn state established "( ${filter[*]} )" | wc -l)"
    ((before == 0 || left < before)) || die "cut-connections: ss -K destroyed none of $before sockets (kernel without INET_DIAG_DESTROY?)"
    log "cut $((before - left)) of $before sockets (both ends of each connection) on ${#ports[@]} ports (${ports[*]})"
    ;;
  *) die "unknown fault: $KIND" ;;
esac
