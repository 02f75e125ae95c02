# The measurements of bench/run (sourced by it, after the stack is up): one tongxin-load run per
# scenario, pgbench with the same transaction at the same concurrency right after it, and the
# tables of figures and ratios. Expects BIN, OUT, TMP, URL, BASE, CLIENT, WARMUP, DURATION, QUICK,
# SCALING and ONLY from bench/run.
# shellcheck shell=bash

# Is SCENARIO selected by --only (all when empty)?
selected() { [[ -z "$ONLY" || ",$ONLY," == *",$1,"* ]]; }

# svc LABEL SCENARIO CLIENTS [tongxin-load flags…]: one tongxin-load run.
svc() {
  local label="$1" scenario="$2" clients="$3"
  shift 3
  log "service: $label"
  "${CLIENT[@]}" "$BIN/tongxin-load" --scenario="$scenario" --clients="$clients" \
    --var_dir="$TMP/var" --port_base="$BASE" --pg_pidfile="$TMP/data/postmaster.pid" \
    --warmup_s="$WARMUP" --duration_s="$DURATION" --tsv_out="$OUT/service.tsv" --label="$label" \
    "$@" >"$OUT/logs/$label.txt" 2>&1 || warn "tongxin-load $label: exit $? (see $OUT/logs/$label.txt)"
  cat "$OUT/logs/$label.txt"
}

# pgb LABEL DATABASE CLIENTS PGBENCH_ARGS…: a warm-up, then a measured pgbench run; tps and
# latency percentiles (from its per-transaction log) go to pgbench.tsv.
pgb() {
  local label="$1" db="$2" clients="$3"
  shift 3
  log "pgbench: $label"
  # A script is missing when its scenario left no target (e.g. every storm wish claimed).
  local arg prev=""
  for arg in "$@"; do
    if [[ "$prev" == -f && ! -f "$arg" ]]; then
      warn "pgbench $label skipped: no script $arg (its scenario left no target)"
      return 0
    fi
    prev="$arg"
  done
  local duration="${DURATION%.*}" warmup="${WARMUP%.*}"
  ((duration >= 1)) || duration=1
  if ((warmup >= 1)); then
    "${PGBENCH[@]}" pgbench -n -M prepared -c "$clients" -j 1 -T "$warmup" "$@" "$URL/$db" \
      >/dev/null 2>&1 || true
  fi
  rm -f "$OUT/pgbench/$label".*
  "${PGBENCH[@]}" pgbench -n -M prepared -c "$clients" -j 1 -T "$duration" -l \
    --log-prefix="$OUT/pgbench/$label" "$@" "$URL/$db" >"$OUT/logs/pgbench-$label.txt" 2>&1 ||
    warn "pgbench $label failed (see $OUT/logs/pgbench-$label.txt)"
  local tps
  tps="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$OUT/logs/pgbench-$label.txt" | head -n 1)"
  # Column 3 of pgbench's log: the transaction's latency in µs.
  cat "$OUT/pgbench/$label".* 2>/dev/null | awk '{print $3}' | sort -n |
    awk -v label="$label" -v db="$db" -v c="$clients" -v tps="${tps:-0}" \
      '{a[NR] = $1} END {
         if (NR == 0) { printf "%s\t%s\t%s\t%s\t0\t0\t0\t0\n", label, db, c, tps; exit }
         i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
         printf "%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\n", label, db, c, tps,
           a[int(NR * 0.5) + 1] / 1000, a[int(NR * 0.9) + 1] / 1000, a[i99] / 1000, a[NR] / 1000 }' >>"$OUT/pgbench.tsv"
  tail -n 1 "$OUT/pgbench.tsv"
}

# The pgbench scripts of the services' transactions, from the data the service runs just made.
scripts() {
  "$BIN/tongxin-pgbench-scripts" "$URL/tongxin_points" "$URL/tongxin_wishes" "$URL/tongxin_posts" \
    "$OUT/scripts" >>"$OUT/logs/pgbench-scripts.txt" 2>&1 || die "tongxin-pgbench-scripts failed"
}

# tpcb C: pgbench's built-in tpcb-like at C clients, once per C.
tpcb() {
  grep -q "^tpcb-$1	" "$OUT/pgbench.tsv" 2>/dev/null || pgb "tpcb-$1" pgbench_yardstick "$1"
}

bench_main() {
  mkdir -p "$OUT/scripts"
  : >"$OUT/service.tsv"
  : >"$OUT/pgbench.tsv"
  local points="--stats_url=$URL/tongxin_points"
  # ---- writes over gRPC, each beside pgbench running its transaction ----
  if selected award; then
    svc award award 8 --spread=10000 "$points"
    scripts
    pgb award-pg tongxin_points 8 -f "$OUT/scripts/award.sql"
    tpcb 8
  fi
  if selected redeem_spread; then
    svc redeem_spread redeem_spread 8 "$points"
    scripts
    pgb redeem_spread-pg tongxin_points 8 -f "$OUT/scripts/redeem_spread.sql"
    tpcb 8
  fi
  if selected redeem_hot; then
    svc redeem_hot redeem_hot 8 "$points"
    scripts
    pgb redeem_hot-pg tongxin_points 8 -f "$OUT/scripts/redeem_hot.sql"
    # Sold out mid-run: nothing but the sold-out refusal may come back.
    svc redeem_sellout redeem_hot 64 --hot_stock=500
  fi
  if selected claim_storm; then
    svc claim_storm claim_storm 200 "--stats_url=$URL/tongxin_wishes"
    scripts
    pgb claim_storm-pg tongxin_wishes 200 -f "$OUT/scripts/claim_storm.sql"
    # The concurrency the database sees from the service: its pool of 8 connections.
    pgb claim_storm-pg-8 tongxin_wishes 8 -f "$OUT/scripts/claim_storm.sql"
    tpcb 200
  fi
  if selected adopt_storm; then
    svc adopt_storm adopt_storm 200 "--stats_url=$URL/tongxin_posts"
    scripts
    pgb adopt_storm-pg tongxin_posts 200 -f "$OUT/scripts/adopt_storm.sql"
    pgb adopt_storm-pg-8 tongxin_posts 8 -f "$OUT/scripts/adopt_storm.sql"
    tpcb 200
  fi
  if selected approval_e2e; then
    svc approval_e2e approval_e2e 8
  fi
  # ---- through the gateway (HTTP/1.1 keep-alive) ----
  if selected http_redeem; then
    svc http_redeem http_redeem 8 "$points"
    scripts
    pgb http_redeem-pg tongxin_points 8 -f "$OUT/scripts/redeem_spread.sql"
    tpcb 8
  fi
  if selected http_claim_storm; then
    # Storms of 8: the gateway today serves a connection per thread of a pool of 8.
    svc http_claim_storm http_claim_storm 8
    scripts
    pgb http_claim_storm-pg tongxin_wishes 8 -f "$OUT/scripts/claim_storm.sql"
  fi
  local view
  for view in dashboard wall overview; do
    if selected "http_$view"; then
      svc "http_$view-1" "http_$view" 1
      svc "http_$view-16" "http_$view" 16
    fi
  done
  if selected http_wall; then
    scripts
    pgb wall-pg-1 tongxin_wishes 1 -f "$OUT/scripts/wall.sql"
    pgb wall-pg-16 tongxin_wishes 16 -f "$OUT/scripts/wall.sql"
    pgb select-only-1 pgbench_yardstick 1 -S
    pgb select-only-16 pgbench_yardstick 16 -S
  fi
  if selected http_open; then
    # Open loop: a fixed arrival rate; latency from when each request was due.
    svc http_dashboard-open-200 http_dashboard 1 --rate=200
    svc http_dashboard-open-500x1000 http_dashboard 1000 --rate=500
    svc redeem_spread-open-300 redeem_spread 8 --rate=300
  fi
  if ((SCALING)); then
    local c
    for c in 1 2 4 8 16 32 64; do
      svc "scale-redeem-$c" redeem_spread "$c"
      scripts
      pgb "scale-redeem-$c-pg" tongxin_points "$c" -f "$OUT/scripts/redeem_spread.sql"
      svc "scale-award-$c" award "$c" --spread=10000
      pgb "scale-award-$c-pg" tongxin_points "$c" -f "$OUT/scripts/award.sql"
      tpcb "$c"
    done
  fi
  bash "$TONGXIN_ROOT/bench/report.sh" "$OUT" | tee "$OUT/results.md"
}
