#!/usr/bin/env bash
# Prints bench/run's results as Markdown from OUT/service.tsv (tongxin-load --tsv_out) and
# OUT/pgbench.tsv, with the service/pgbench ratios per scenario, and plots the scaling runs when
# gnuplot is installed.
#
#   bench/report.sh OUT
set -euo pipefail
OUT="${1:?usage: report.sh OUT}"
SVC="$OUT/service.tsv"
PGB="$OUT/pgbench.tsv"

echo "### Writes: the service against pgbench running its very transaction"
echo
echo "Service: tongxin-load, answered requests per second and latency; pgbench: the same statements"
echo "(tongxin-pgbench-scripts), same clients, same database; tpcb-like: pgbench's built-in."
echo
echo "| scenario | clients | service req/s | p50 ms | p99 ms | pgbench tps | pgbench p99 ms | tpcb-like tps | tps ratio | p99 ratio | vs tpcb-like | statements/request | answers |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
awk -F'\t' -v OFS=' | ' '
  FNR == NR { pg[$1] = $0; next }
  {
    label = $1
    if (!((label "-pg") in pg)) next
    split(pg[label "-pg"], p, "\t")
    t = ("tpcb-" $3) in pg ? pg["tpcb-" $3] : ""
    split(t, y, "\t")
    ratio = p[4] > 0 ? sprintf("%.2f", $5 / p[4]) : "-"
    p99r = p[7] > 0 ? sprintf("%.1f", $8 / p[7]) : "-"
    vs = y[4] > 0 ? sprintf("%.2f", $5 / y[4]) : "-"
    printf "| %s | %s | %.0f | %.2f | %.2f | %.0f | %.2f | %s | %s | %s | %s | %s | %s |\n",
      label, $3, $5, $6, $8, p[4], p[7], (y[4] > 0 ? sprintf("%.0f", y[4]) : "-"), ratio, p99r,
      vs, ($13 == "" ? "-" : $13), $11
  }' "$PGB" "$SVC"
echo
echo "### Every tongxin-load run"
echo
echo "| run | scenario | clients | offered/s | answered/s | p50 | p90 | p99 | p99.9 | max ms | answers | server processes: CPU µs per answer over the measured window, peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s |\n",
  $1, $2, $3, ($4 > 0 ? $4 : "closed"), $5, $6, $7, $8, $9, $10, $11, $12 }' "$SVC"
echo
echo "### Every pgbench run"
echo
echo "| run | database | clients | tps | p50 ms | p90 ms | p99 ms | max ms |"
echo "|---|---|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %.0f | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$PGB"

if grep -q '^scale-' "$SVC"; then
  echo
  echo "### Scaling: Redeem and Award against pgbench's same transaction and tpcb-like"
  echo
  echo "| clients | Redeem req/s | p99 | pgbench | p99 | Award req/s | p99 | pgbench | p99 | tpcb-like | p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' '
    FNR == NR { pg[$1] = $4 "\t" $7; next }
    { s[$1] = $5 "\t" $8 }
    END {
      for (c = 1; c <= 64; c *= 2) {
        if (!(("scale-redeem-" c) in s)) continue
        split(s["scale-redeem-" c], r, "\t"); split(pg["scale-redeem-" c "-pg"], rp, "\t")
        split(s["scale-award-" c], a, "\t"); split(pg["scale-award-" c "-pg"], ap, "\t")
        split(pg["tpcb-" c], t, "\t")
        printf "| %d | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f |\n",
          c, r[1], r[2], rp[1], rp[2], a[1], a[2], ap[1], ap[2], t[1], t[2]
        printf "%d %s %s %s %s %s %s %s %s %s %s\n", c, r[1], r[2], rp[1], rp[2], a[1], a[2],
          ap[1], ap[2], t[1], t[2] > "'"$OUT"'/scaling.dat"
      }
    }' "$PGB" "$SVC"
  if command -v gnuplot >/dev/null 2>&1; then
    gnuplot <<GNUPLOT
set terminal pngcairo size 1000,420 font ",10"
set output "$OUT/scaling.png"
set multiplot layout 1,2
set logscale x 2
set xlabel "clients"
set key top left
set title "throughput (per second)"
plot "$OUT/scaling.dat" u 1:2 w lp t "Redeem (service)", "" u 1:4 w lp t "Redeem (pgbench)", \
     "" u 1:6 w lp t "Award (service)", "" u 1:8 w lp t "Award (pgbench)", "" u 1:10 w lp t "tpcb-like"
set title "p99 latency (ms)"
set logscale y
plot "$OUT/scaling.dat" u 1:3 w lp t "Redeem (service)", "" u 1:5 w lp t "Redeem (pgbench)", \
     "" u 1:7 w lp t "Award (service)", "" u 1:9 w lp t "Award (pgbench)", "" u 1:11 w lp t "tpcb-like"
unset multiplot
GNUPLOT
    echo
    echo "Plot: $OUT/scaling.png"
  fi
fi
