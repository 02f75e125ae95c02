# shellcheck shell=bash
# Shared functions for scripts/up, scripts/down and scripts/test. Source it; do not run it.
#
#   TONGXIN_ROOT        the repository root (computed from this file's location)
#   TONGXIN_BUILD_DIR   the CMake build directory (default: $TONGXIN_ROOT/build)
#   TONGXIN_PG_BIN      the PostgreSQL server binaries (default: /usr/lib/postgresql/15/bin)
#   TONGXIN_SKIP_PACKAGES=1, TONGXIN_SKIP_BUILD=1  skip the package check / the build

if [[ -n "${TONGXIN_LIB_SOURCED:-}" ]]; then
  return 0
fi
TONGXIN_LIB_SOURCED=1

TONGXIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TONGXIN_BUILD_DIR="${TONGXIN_BUILD_DIR:-$TONGXIN_ROOT/build}"
TONGXIN_PG_BIN="${TONGXIN_PG_BIN:-/usr/lib/postgresql/15/bin}"

# The Debian 12 packages needed to build, test and run everything locally.
TONGXIN_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpqxx-dev libabsl-dev libspdlog-dev libgtest-dev libgmock-dev libssl-dev
  nlohmann-json3-dev libcpp-httplib-dev libjwt-dev libboost-dev
  libhpdf-dev libqrencode-dev fonts-wqy-zenhei poppler-utils  # certificates' PDFs; pdftotext in tests
  postgresql-15 postgresql-client-15
  docker-compose clang-format ccache curl prometheus iproute2 nginx
  clang libclang-rt-14-dev llvm  # tests/fuzz: libFuzzer and the sanitizers' runtimes, symbolizer
)

# ---- messages ----

log() { printf '[tongxin] %s\n' "$*" >&2; }
warn() { printf '[tongxin] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[tongxin] ERROR: %s\n' "$*" >&2
  exit 1
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# ---- packages and build ----

# Installs the missing Debian packages (as root), or prints the command to run and exits 1.
# TONGXIN_SKIP_PACKAGES=1 skips the check (e.g. on a machine that is not Debian).
ensure_packages() {
  if [[ "${TONGXIN_SKIP_PACKAGES:-0}" == 1 ]]; then
    return 0
  fi
  command -v dpkg-query >/dev/null 2>&1 ||
    die "dpkg-query not found: this needs Debian 12 (or set TONGXIN_SKIP_PACKAGES=1 and install the packages yourself)"
  local missing=() pkg status
  for pkg in "${TONGXIN_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != ii* ]]; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  if is_root; then
    log "installing missing packages: ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  else
    printf '[tongxin] missing packages; run:\n  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s\n' \
      "${missing[*]}" >&2
    exit 1
  fi
}

# Configures (Ninja, RelWithDebInfo, ccache when present) and builds with -j2.
# TONGXIN_SKIP_BUILD=1 uses the build directory as it is.
build() {
  if [[ "${TONGXIN_SKIP_BUILD:-0}" == 1 ]]; then
    log "TONGXIN_SKIP_BUILD=1: using $TONGXIN_BUILD_DIR as it is"
    return 0
  fi
  local args=(-S "$TONGXIN_ROOT" -B "$TONGXIN_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo)
  # An existing build directory keeps its generator (cmake refuses to switch it).
  if [[ ! -f "$TONGXIN_BUILD_DIR/CMakeCache.txt" ]]; then
    args+=(-G Ninja)
  fi
  if command -v ccache >/dev/null 2>&1; then
    args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  log "configuring $TONGXIN_BUILD_DIR"
  cmake "${args[@]}"
  log "building (-j2)"
  cmake --build "$TONGXIN_BUILD_DIR" -j2
}

# ---- web ----

# Node.js 18 or newer (Debian 12's own nodejs is 18): true when `node` and `npm` are there, after
# installing Debian's nodejs and npm as root when they are missing.
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if is_root && command -v apt-get >/dev/null 2>&1; then
      log "installing Debian's nodejs and npm"
      apt-get update >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm >/dev/null
    else
      warn "Node.js not found: the web sites need nodejs and npm (sudo apt-get install nodejs npm)"
      return 1
    fi
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if ((major < 18)); then
    warn "Node.js $major is too old for web/ (18 or newer)"
    return 1
  fi
}

# Debian's chromium for the browser test (playwright-core drives it; no browser is ever
# downloaded), and a font with Chinese characters for its screenshots; installed as root.
ensure_chromium() {
  local missing=() pkg
  for pkg in chromium fonts-wqy-microhei; do
    [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)" == ii* ]] ||
      missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  is_root || die "the browser test needs: sudo apt-get install ${missing[*]}"
  log "installing ${missing[*]}"
  apt-get update >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
}

# npm ci in web/ unless node_modules already holds exactly the committed lock file's packages.
web_npm_ci() {
  local web="$TONGXIN_ROOT/web" stamp want
  stamp="$web/node_modules/.tongxin-lock.sha256"
  want="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  log "npm ci (web/)"
  (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) &&
    echo "$want" >"$stamp"
}

# Builds the two sites into web/dist (npm ci, type check, both Vite builds, the size check)
# unless nothing under web/ changed since the last build. TONGXIN_SKIP_WEB_BUILD=1 takes
# web/dist as it is. Returns 1 when there are no sites to serve.
build_web() {
  local web="$TONGXIN_ROOT/web" stamp="$TONGXIN_ROOT/web/dist/.built"
  if [[ "${TONGXIN_SKIP_WEB_BUILD:-0}" == 1 ]]; then
    [[ -f "$web/dist/m/index.html" ]]
    return
  fi
  ensure_node || return 1
  web_npm_ci || die "npm ci failed in web/"
  if [[ -f "$stamp" ]] && [[ -z "$(find "$web/src" "$web/package-lock.json" "$web/vite.config.ts" \
    "$web/tsconfig.json" "$TONGXIN_ROOT/docs/openapi.json" -newer "$stamp" -print -quit)" ]]; then
    return 0
  fi
  log "building the web sites (web/dist; log web/dist/build.log)"
  mkdir -p "$web/dist"
  if ! (cd "$web" && npm run --silent build) >"$web/dist/build.log" 2>&1; then
    tail -n 30 "$web/dist/build.log" >&2
    die "the web build failed (cd web && npm run build)"
  fi
  grep -E '^/(m|admin)/: first load' "$web/dist/build.log" >&2 || true
  touch "$stamp"
}

# ---- ports ----

# True when something accepts TCP connections on HOST:PORT (default host 127.0.0.1).
port_in_use() {
  local port="$1" host="${2:-127.0.0.1}"
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# reserve_ports COUNT: prints the first of COUNT free ports in a row and holds the block against
# the other scripts of this machine (tests run two at a time) until release_ports BASE. Blocks lie
# in 32010..32767: below Linux's ephemeral range (32768 up, where any client's local port could
# take one between our check and the server's bind) and above the 10000..32000 that the C++ tests
# pick from (tests/support/free_port.h). The hold is a lock directory per block naming the shell
# that took it; a lock whose shell is gone (killed before its EXIT trap ran) is taken over.
TONGXIN_PORT_LOCKS="${TMPDIR:-/tmp}/tongxin-port-locks"
reserve_ports() {
  local count="$1" first candidate i lock owner
  ((count >= 1 && count <= 10)) || die "reserve_ports: COUNT must be 1..10"
  # Shared by every user of the machine, like /tmp.
  if [[ ! -d "$TONGXIN_PORT_LOCKS" ]]; then
    mkdir -p "$TONGXIN_PORT_LOCKS"
    chmod 1777 "$TONGXIN_PORT_LOCKS" 2>/dev/null || true
  fi
  first=$((RANDOM % 75))
  for ((i = 0; i < 75; i++)); do
    candidate=$((32010 + (first + i) % 75 * 10))
    lock="$TONGXIN_PORT_LOCKS/$candidate"
    if ! mkdir "$lock" 2>/dev/null; then
      owner="$(cat "$lock/owner" 2>/dev/null || true)"
      # No owner yet: it is being taken right now. A live owner: held.
      [[ -n "$owner" && ! -d "/proc/$owner" ]] || continue
      # Renamed first, so that of two scripts taking over the same lock only one removes it.
      mv "$lock" "$lock.stale.$$" 2>/dev/null && rm -rf "$lock.stale.$$"
      mkdir "$lock" 2>/dev/null || continue
    fi
    echo "$$" >"$lock/owner"
    if ports_untouched "$candidate" "$count"; then
      echo "$candidate"
      return 0
    fi
    rm -rf "$lock"
  done
  die "no $count free ports in a row in 32010..32767 (or their locks in $TONGXIN_PORT_LOCKS are held)"
}

# ports_untouched FIRST COUNT: true when no TCP socket of this machine, in any state, has a local
# port in FIRST..FIRST+COUNT-1 and nothing accepts there. A connect probe alone misses what still
# blocks a bind: a client socket that took the port (on a machine whose ephemeral range reaches
# down here), a socket bound but not yet listening, a listener too busy to answer.
ports_untouched() {
  local first="$1" count="$2" port
  if command -v ss >/dev/null 2>&1; then
    [[ -z "$(ss -Htan "sport >= :$first and sport < :$((first + count))" 2>/dev/null)" ]] || return 1
  fi
  for ((port = first; port < first + count; port++)); do
    port_in_use "$port" && return 1
  done
  return 0
}

release_ports() {
  [[ -n "${1:-}" ]] && rm -rf "${TONGXIN_PORT_LOCKS:?}/$1"
  return 0
}

# wait_for_port HOST PORT [TRIES] [PID]: waits until HOST:PORT accepts connections, polling every
# 0.5 s at most TRIES times (default 60, i.e. 30 s). With PID, gives up as soon as that process
# has exited. Returns 1 on timeout or exit.
wait_for_port() {
  local host="$1" port="$2" tries="${3:-60}" pid="${4:-}" i
  for ((i = 0; i < tries; i++)); do
    if port_in_use "$port" "$host"; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      return 1
    fi
    sleep 0.5
  done
  return 1
}

# wait_for_grpc_health TONGXIN_CALL HOST:PORT [TRIES] [PID]: waits until grpc.health.v1 Check
# answers SERVING (`tongxin-call --health`), polling every 0.5 s at most TRIES times (default 40).
wait_for_grpc_health() {
  local call="$1" target="$2" tries="${3:-40}" pid="${4:-}" i
  for ((i = 0; i < tries; i++)); do
    if "$call" --target="$target" --timeout_ms=2000 --health >/dev/null 2>&1; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      return 1
    fi
    sleep 0.5
  done
  return 1
}

# ---- processes ----

# True when PID exists and is not a zombie (an exited child not yet reaped by its parent).
pid_alive() {
  local pid="$1" stat
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]]
}

# True when PID is alive and its command line mentions NAME (guards against reused pids).
pid_is() {
  local pid="$1" name="$2"
  pid_alive "$pid" || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$name"
}

# stop_pid PID [SECONDS]: SIGTERM, wait up to SECONDS (default 15), then SIGKILL.
stop_pid() {
  local pid="$1" secs="${2:-15}" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < secs * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  warn "pid $pid did not stop within ${secs}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

# stop_service PIDFILE: stops the tongxin-* process recorded in PIDFILE and removes the file.
# NAME.R.pid is replica R of NAME (scripts/up --replicas); nginx.pid scripts/up's nginx, whose
# configuration file, tongxin-nginx.conf, its command line names.
stop_service() {
  local pidfile="$1" name pid
  name="$(basename "$pidfile" .pid)"
  name="${name%%.*}"
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if pid_is "$pid" "tongxin-$name"; then
    log "stopping $name (pid $pid)"
    stop_pid "$pid" 15
  fi
  rm -f "$pidfile"
}

# ---- PostgreSQL ----

# Runs a PostgreSQL server command: as the `postgres` system user when we are root (the server
# refuses to run as root), directly otherwise.
_pg_run() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Whether this process may destroy sockets (`ss -K`): CAP_NET_ADMIN (bit 12) in its effective set,
# which root in a container may lack.
can_cut_connections() {
  local caps
  caps="$(awk '/^CapEff:/ { print $2 }' /proc/self/status 2>/dev/null)"
  [[ -n "$caps" ]] && (((0x$caps >> 12) & 1))
}

_pg_own() {
  if is_root; then
    chown postgres:postgres "$@"
  fi
}

# pg_start DATADIR SOCKETDIR PORT LOGFILE [--fsync-off]
# Creates the cluster on first use (superuser `tongxin`, trust auth, UTF8) and starts it on
# 127.0.0.1:PORT. --fsync-off is for throwaway test clusters only. TONGXIN_PG_EXTRA_OPTS adds
# server options (bench/run: more connections, pg_stat_statements). Does nothing when the cluster
# is already running. Sets PG_STARTED to 1 when it started the server, 0 when it was running.
PG_STARTED=0
# shellcheck disable=SC2034  # PG_STARTED is read by the scripts that source this file
pg_start() {
  PG_STARTED=0
  local datadir="$1" sockdir="$2" port="$3" logfile="$4" fsync_off="${5:-}"
  local bin="$TONGXIN_PG_BIN" p
  [[ -x "$bin/pg_ctl" ]] || die "PostgreSQL 15 not found in $bin (install postgresql-15)"
  for p in "$datadir" "$sockdir" "$logfile"; do
    [[ "$p" != *[[:space:]]* ]] || die "PostgreSQL paths must not contain spaces: '$p'"
  done

  mkdir -p "$datadir" "$sockdir" "$(dirname "$logfile")"
  touch "$logfile"
  chmod 700 "$datadir"
  _pg_own "$datadir" "$sockdir" "$logfile"
  if is_root && ! runuser -u postgres -- test -w "$datadir"; then
    die "the postgres user cannot reach $datadir (a parent directory is not traversable by it); use a path outside such a directory"
  fi

  if [[ -f "$datadir/PG_VERSION" ]] && _pg_run "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
    log "PostgreSQL already running from $datadir"
    return 0
  fi

  if [[ ! -f "$datadir/PG_VERSION" ]]; then
    log "initdb $datadir"
    if ! _pg_run "$bin/initdb" -D "$datadir" -U tongxin --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >>"$logfile" 2>&1; then
      warn "initdb with locale C.UTF-8 failed; retrying with locale C"
      find "$datadir" -mindepth 1 -delete
      _pg_run "$bin/initdb" -D "$datadir" -U tongxin --auth=trust --encoding=UTF8 \
        --locale=C >>"$logfile" 2>&1 || die "initdb failed; see $logfile"
    fi
  fi

  if port_in_use "$port"; then
    die "port $port is already in use (set another port, or stop whatever listens there)"
  fi

  local opts="-p $port -k $sockdir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB"
  if [[ "$fsync_off" == "--fsync-off" ]]; then
    opts+=" -c fsync=off"
  fi
  opts+="${TONGXIN_PG_EXTRA_OPTS:+ $TONGXIN_PG_EXTRA_OPTS}"
  log "starting PostgreSQL on 127.0.0.1:$port (log: $logfile)"
  if ! _pg_run "$bin/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 -o "$opts" start >/dev/null; then
    tail -n 20 "$logfile" >&2 || true
    die "PostgreSQL did not start; see $logfile"
  fi
  PG_STARTED=1
}

# pg_stop DATADIR: fast shutdown; does nothing when the cluster is not running.
pg_stop() {
  local datadir="$1" bin="$TONGXIN_PG_BIN"
  [[ -f "$datadir/PG_VERSION" && -x "$bin/pg_ctl" ]] || return 0
  if _pg_run "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
    log "stopping PostgreSQL ($datadir)"
    _pg_run "$bin/pg_ctl" -D "$datadir" -m fast -w -t 60 stop >/dev/null ||
      warn "pg_ctl stop failed for $datadir"
  fi
}

_psql() {
  local psql="psql"
  if [[ -x "$TONGXIN_PG_BIN/psql" ]]; then
    psql="$TONGXIN_PG_BIN/psql"
  fi
  "$psql" -X -q -v ON_ERROR_STOP=1 "$@"
}

# pg_create_db URL_BASE NAME: creates database NAME unless it exists. URL_BASE has no database,
# e.g. postgresql://tongxin@127.0.0.1:55432; the check connects to its `postgres` database.
pg_create_db() {
  local base="${1%/}" name="$2" exists
  [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "bad database name: $name"
  exists="$(_psql -tA -d "$base/postgres" -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" ||
    die "cannot connect to $base/postgres"
  if [[ "$exists" != 1 ]]; then
    log "creating database $name"
    _psql -d "$base/postgres" -c "CREATE DATABASE \"$name\"" ||
      die "CREATE DATABASE $name failed"
  fi
}

# ---- a whole stack for a test (load, audit, metrics) ----

# test_stack_up STATE BUILD_DIR [VAR=VALUE ...]: scripts/up's stack, detached, on a PostgreSQL
# cluster of its own under STATE (a small one: 32 MB of shared buffers) and on reserved ports:
# the gateway on STACK_BASE, the services on STACK_BASE+1..4, the gateway's gRPC on STACK_BASE+5,
# the activities service on STACK_BASE+6, the notifications service on STACK_BASE+7, the
# services' /metrics on STACK_METRICS_BASE..+5 (a block of its own), PostgreSQL on STACK_PG_PORT.
# STACK_URL_BASE is the cluster's URL (no database). The VAR=VALUE pairs go to scripts/up's
# environment (e.g. rate limits lifted). It sets the script's EXIT trap to test_stack_down.
# STACK_REPLICAS=N (set before the call): scripts/up --replicas N, nginx on the ports above and
# replica R on a reserved block of its own, STACK_REPLICA_BASES[R-1], laid out the same way.
test_stack_up() {
  local state="$1" build_dir="$2" attempt
  shift 2
  STACK_STATE="$state"
  trap _test_stack_on_exit EXIT
  trap 'exit 130' INT TERM
  _pg_own "$state"
  STACK_PG_PORT="$(reserve_ports 1)"
  STACK_URL_BASE="postgresql://tongxin@127.0.0.1:$STACK_PG_PORT"
  TONGXIN_PG_EXTRA_OPTS="-c shared_buffers=32MB" \
    pg_start "$state/data" "$state/run" "$STACK_PG_PORT" "$state/postgres.log" --fsync-off \
    >"$state/pg_start.log" 2>&1
  # A port checked free can still be taken before a service binds it (another user of the machine,
  # a client's local port): scripts/up then stops what it started, and the stack tries again on
  # fresh blocks. Any other failure ends the test.
  for attempt in 1 2 3; do
    _test_stack_reserve
    if _test_stack_start "$build_dir" "$@"; then return 0; fi
    grep -qsE "cannot listen on|already in use" "$state/up.log" "$state"/var/log/*.log || break
    log "test stack: a port was taken before its service bound it (attempt $attempt); new ports"
    _test_stack_release
    rm -f "$state"/var/log/*.log
  done
  tail -n 40 "$state/up.log" >&2
  die "scripts/up failed"
}

_test_stack_reserve() {
  local r
  STACK_BASE="$(reserve_ports 10)"
  STACK_METRICS_BASE="$(reserve_ports 6)"
  STACK_REPLICA_BASES=()
  for ((r = 0; r < ${STACK_REPLICAS:-1} && ${STACK_REPLICAS:-1} > 1; r++)); do
    STACK_REPLICA_BASES+=("$(reserve_ports 10)")
  done
}

_test_stack_release() {
  local base
  release_ports "${STACK_BASE:-}"
  release_ports "${STACK_METRICS_BASE:-}"
  for base in "${STACK_REPLICA_BASES[@]}"; do release_ports "$base"; done
  STACK_BASE="" STACK_METRICS_BASE="" STACK_REPLICA_BASES=()
}

# _test_stack_start BUILD_DIR [VAR=VALUE ...]: scripts/up --detach on the reserved blocks.
_test_stack_start() {
  local build_dir="$1" replica_env=()
  shift
  if ((${#STACK_REPLICA_BASES[@]} > 0)); then
    replica_env=("TONGXIN_REPLICAS=$STACK_REPLICAS"
      "TONGXIN_REPLICA_PORT_BASES=$(IFS=,; echo "${STACK_REPLICA_BASES[*]}")")
  fi
  env TONGXIN_VAR_DIR="$STACK_STATE/var" TONGXIN_PORT_BASE="$STACK_BASE" \
    TONGXIN_METRICS_PORT_BASE="$STACK_METRICS_BASE" TONGXIN_SKIP_BUILD=1 \
    TONGXIN_SKIP_PACKAGES=1 TONGXIN_SKIP_WEB_BUILD=1 TONGXIN_BUILD_DIR="$build_dir" \
    DATABASE_URL_BASE="$STACK_URL_BASE" "${replica_env[@]}" "$@" \
    bash "$TONGXIN_ROOT/scripts/up" --detach >"$STACK_STATE/up.log" 2>&1
}

# shellcheck disable=SC2317  # runs from the EXIT trap
_test_stack_on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  test_stack_down "$rc"
  exit "$rc"
}

# test_stack_down STATUS: stops what test_stack_up started, shows pg_start's words and every log
# when STATUS (the test's exit status) is not 0, and removes the state directory (kept after a
# failure with TONGXIN_KEEP_FAILED_STATE=1).
test_stack_down() {
  local rc="$1" state="${STACK_STATE:-}"
  [[ -n "$state" ]] || return 0
  TONGXIN_VAR_DIR="$state/var" bash "$TONGXIN_ROOT/scripts/down" >/dev/null 2>&1 || true
  pg_stop "$state/data" >/dev/null 2>&1 || true
  _test_stack_release
  release_ports "${STACK_PG_PORT:-}"
  if ((rc != 0)); then
    tail -n 20 "$state/pg_start.log" "$state/postgres.log" "$state"/var/log/*.log >&2 2>/dev/null || true
    if [[ "${TONGXIN_KEEP_FAILED_STATE:-0}" == 1 ]]; then
      log "kept for a look (TONGXIN_KEEP_FAILED_STATE=1): $state"
      return 0
    fi
  fi
  rm -rf "$state"
}
