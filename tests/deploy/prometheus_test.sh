#!/usr/bin/env bash
# What operators get (ctest prometheus_test; issue 14, "Operators see it"): deploy/prometheus's
# config and alert rules pass promtool (syntax, and the rules' own unit tests in
# alerts_test.yml); its scrape targets are scripts/up's default ports; and on a running stack
# every service's /metrics passes `promtool check metrics` and exports every metric the alert
# rules name, the pool, outbox and background-job families included.
#
#   prometheus_test.sh BUILD_DIR
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

BUILD_DIR="${1:?usage: prometheus_test.sh BUILD_DIR}"
DEPLOY="$TONGXIN_ROOT/deploy/prometheus"
command -v promtool >/dev/null || die "promtool not found (Debian package prometheus)"

promtool check config "$DEPLOY/prometheus.yml" >/dev/null
promtool check rules "$DEPLOY/alerts.yml" >/dev/null
(cd "$DEPLOY" && promtool test rules alerts_test.yml) >/dev/null
log "promtool: config, rules and the rules' unit tests pass"

# The targets are scripts/up's defaults: the gateway's HTTP port, then the services' metrics
# ports from its default TONGXIN_METRICS_PORT_BASE, in scripts/up's order.
up_metrics_base="$(sed -n 's/.*METRICS_PORT_BASE=\([0-9][0-9]*\); fi$/\1/p' "$TONGXIN_ROOT/scripts/up")"
[[ -n "$up_metrics_base" ]] || die "no default TONGXIN_METRICS_PORT_BASE found in scripts/up"
want="8080"
for i in 0 1 2 3 4 5; do want+=" $((up_metrics_base + i))"; done
got="$(grep -o '127\.0\.0\.1:[0-9]*' "$DEPLOY/prometheus.yml" | cut -d: -f2 | tr '\n' ' ')"
[[ "${got% }" == "$want" ]] || die "prometheus.yml scrapes ports '${got% }', scripts/up serves '$want'"

STATE="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-prometheus-test.XXXXXX")"
test_stack_up "$STATE" "$BUILD_DIR"

# Every metric family the rules name (a histogram by its base name).
mapfile -t wanted < <(grep -o 'tongxin_[a-z_]*' "$DEPLOY/alerts.yml" | sed 's/_bucket$//' | sort -u)
targets=("gateway $STACK_BASE")
i=0
for name in volunteer posts wishes points activities notifications; do
  targets+=("$name $((STACK_METRICS_BASE + i))")
  i=$((i + 1))
done
all=""
for target in "${targets[@]}"; do
  read -r name port <<<"$target"
  text="$(curl -fsS --max-time 10 "http://127.0.0.1:$port/metrics")" ||
    die "$name: no /metrics on 127.0.0.1:$port"
  # promtool lints the exposition (HELP and TYPE, counter names ending in _total, …).
  if ! lint="$(promtool check metrics <<<"$text" 2>&1)"; then
    printf '%s\n' "$lint" >&2
    die "$name: promtool check metrics found problems"
  fi
  if [[ "$name" != gateway ]]; then
    for family in tongxin_rpc_calls_total tongxin_db_pool_in_use tongxin_db_pool_wait_timeouts_total \
      tongxin_job_runs_total; do
      grep -q "^# TYPE $family " <<<"$text" || die "$name: $family missing from /metrics"
    done
    grep -q '^tongxin_db_pool_connections{pool="requests"} [1-9]' <<<"$text" ||
      die "$name: its request pool's size is not shown"
  fi
  all+="$text"$'\n'
done
# The wishes' own job and a relay's backlog (wishes delivers hours and points by its outbox).
wishes_text="$(curl -fsS --max-time 10 "http://127.0.0.1:$((STACK_METRICS_BASE + 2))/metrics")"
# Runs counted (the jobs run at start), and the backlog read at the scrape.
for series in 'tongxin_job_runs_total{task="claim timer",outcome="ok"} [1-9]' \
  'tongxin_job_runs_total{task="outbox relay",outcome="ok"} [1-9]' 'tongxin_outbox_pending [0-9]' \
  'tongxin_db_pool_connections{pool="relay"} 1$'; do
  grep -q "^$series" <<<"$wishes_text" || die "wishes: no $series in /metrics"
done
for family in "${wanted[@]}"; do
  grep -q "^# TYPE $family " <<<"$all" || die "alerts.yml names $family, which no service exports"
done
log "every service's /metrics passes promtool and exports the ${#wanted[@]} families the alerts use"
