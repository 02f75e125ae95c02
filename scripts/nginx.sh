# shellcheck shell=bash
# nginx in front of scripts/up's replicas (scripts/up --replicas N; docs/scaling.md). Sourced by
# scripts/up, whose SERVICES, VAR, REPLICAS, units_of, unit_port, port_of, GATEWAY_PORT and
# GATEWAY_GRPC_PORT it reads. nginx runs from deploy/nginx/tongxin-nginx.conf.template filled in
# var/run/nginx/ (its pid and temporary files there, its logs in var/log/): the system's nginx
# configuration is never read or touched. As root, its workers run as nobody (nginx's default).

NGINX_BIN="${TONGXIN_NGINX_BIN:-$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)}"
NGINX_DIR="$VAR/run/nginx"
# The file's name is in the master's command line, which scripts/down checks before stopping it.
NGINX_CONF="$NGINX_DIR/tongxin-nginx.conf"
# The gateway's faces and the services' plaintext gRPC fronts have an address each in the template
# (a deployment exposes the first only); scripts/up's stack is local, both on loopback.
NGINX_PUBLIC_HOST=127.0.0.1
NGINX_INTERNAL_HOST=127.0.0.1

# The `server` lines of an upstream: one per replica of NAME (WHAT: listen or grpc, as unit_port).
_nginx_servers() {
  local name="$1" what="${2:-listen}" unit
  for unit in $(units_of "$name"); do
    printf '    server 127.0.0.1:%s max_fails=3 fail_timeout=2s;\n' "$(unit_port "$unit" "$what")"
  done
}

# Fills the template into NGINX_CONF and checks it with nginx -t.
write_nginx_config() {
  local t name up
  mkdir -p "$NGINX_DIR"
  t="$(cat "$TONGXIN_ROOT/deploy/nginx/tongxin-nginx.conf.template")"
  # Replacements quoted: bash 5.2 (patsub_replacement) would put the match in place of an
  # unquoted replacement's `&` (a path with one).
  t="${t//@PREFIX@/"$NGINX_DIR"}"
  t="${t//@LOG_DIR@/"$VAR/log"}"
  t="${t//@PUBLIC_LISTEN_HOST@/"$NGINX_PUBLIC_HOST"}"
  t="${t//@INTERNAL_LISTEN_HOST@/"$NGINX_INTERNAL_HOST"}"
  for name in volunteer posts wishes points; do
    up="$(upper "$name")"
    t="${t//@${up}_PORT@/"$(port_of "$name")"}"
    t="${t//@${up}_SERVERS@/"$(_nginx_servers "$name")"}"
  done
  t="${t//@GATEWAY_GRPC_PORT@/"$GATEWAY_GRPC_PORT"}"
  t="${t//@GATEWAY_GRPC_SERVERS@/"$(_nginx_servers gateway grpc)"}"
  t="${t//@GATEWAY_HTTP_PORT@/"$GATEWAY_PORT"}"
  t="${t//@GATEWAY_HTTP_SERVERS@/"$(_nginx_servers gateway)"}"
  [[ "$t" != *@[A-Z]*@* ]] || die "deploy/nginx/tongxin-nginx.conf.template: a placeholder left unfilled"
  printf '%s\n' "$t" >"$NGINX_CONF"
  cp "$TONGXIN_ROOT/deploy/nginx/grpc-unavailable.conf" "$NGINX_DIR/"
  "$NGINX_BIN" -t -q -p "$NGINX_DIR" -e "$VAR/log/nginx.error.log" -c "$NGINX_CONF" \
    >>"$VAR/log/nginx.log" 2>&1 || {
    tail -n 20 "$VAR/log/nginx.log" >&2
    die "nginx -t refused $NGINX_CONF"
  }
}

# _nginx_group PGID: whether process group PGID has processes and all of them are nginx's.
_nginx_group() {
  local listed
  listed="$(pgrep -a -g "$1" 2>/dev/null)" || return 1
  ! grep -qv ' nginx: ' <<<"$listed"
}

# launch_nginx WHY: as launch_service for the nginx unit (the configuration written when
# starting, kept when restarting): in the foreground of a session of its own, pid in
# var/run/nginx.pid and LAUNCHED_PID.
launch_nginx() {
  local old
  [[ "$1" != starting ]] || write_nginx_config
  # A master that died by SIGKILL leaves its workers running and listening, so a new master could
  # not bind (it gives up after 2.5 s, and again at every restart, while the orphans serve the
  # old configuration). They are in the dead master's process group (setsid made it): end them,
  # if that group is still nginx's (a stale pid file's number may since be another's group).
  old="$(cat "$VAR/run/nginx.pid" 2>/dev/null || true)"
  if [[ "$1" == restarting && "$old" =~ ^[0-9]+$ ]] && _nginx_group "$old"; then
    kill -KILL -- "-$old" 2>/dev/null || true
  fi
  printf '\n==== %s: %s %s ====\n' "$(date -Is)" "$1" "$NGINX_BIN" >>"$VAR/log/nginx.log"
  setsid "$NGINX_BIN" -p "$NGINX_DIR" -e "$VAR/log/nginx.error.log" -c "$NGINX_CONF" \
    -g 'daemon off;' </dev/null >>"$VAR/log/nginx.log" 2>&1 &
  LAUNCHED_PID=$!
  echo "$LAUNCHED_PID" >"$VAR/run/nginx.pid"
}

# wait_for_nginx PID: until its last front (the gateway's HTTP face) accepts; 1 if it exits.
wait_for_nginx() {
  wait_for_port 127.0.0.1 "$GATEWAY_PORT" 20 "$1" && return 0
  tail -n 20 "$VAR/log/nginx.log" "$VAR/log/nginx.error.log" >&2 2>/dev/null || true
  return 1
}
