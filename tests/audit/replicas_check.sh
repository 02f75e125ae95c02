#!/usr/bin/env bash
# After an audit run on a stack of scripts/up --replicas N (audit_test.sh --replicas=N): what the
# auditor cannot see from its side.
#   - The replicas of each service, started at the same moment, applied each migration once
#     between them (the advisory lock; the loser finds them applied).
#   - nginx answered every gRPC call (HTTP/2) with the replica's answer (200, the gRPC status in
#     its trailer), its own UNAVAILABLE (no replica reached: 200 too, with grpc-status 14 in its
#     headers, and the last upstream status 502 or 504; the caller retries with the same request
#     id) or 499 (the caller gave up first, e.g. the auditor's 1–20 ms deadlines). Anything else
#     (a 500, a 400) would reach callers as INTERNAL or UNKNOWN: a failure.
# It prints, per replica killed (var/log/faults.log, written by kill_and_restart.sh), the calls
# to its service in the 5 s after the kill that nginx moved to another replica (the caller saw
# nothing) or answered UNAVAILABLE (the caller retried), and when the last of them was.
#
#   replicas_check.sh VAR_DIR
set -euo pipefail
shopt -s nullglob # a glob that matches nothing is no file

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

VAR="${1:?usage: replicas_check.sh VAR_DIR}"
failed=0

for name in volunteer posts wishes points; do
  logs=("$VAR/log/$name.log" "$VAR"/log/"$name".[0-9]*.log)
  ((${#logs[@]} >= 2)) || die "$name: fewer than two replicas' logs in $VAR/log"
  files=("$TONGXIN_ROOT/migrations/$name"/V*.sql)
  for ((v = 1; v <= ${#files[@]}; v++)); do
    n="$(cat "${logs[@]}" | grep -c "applied migration $(printf 'V%04d' "$v") " || true)"
    if [[ "$n" != 1 ]]; then
      warn "$name: migration V$v applied $n times by its replicas (want once)"
      failed=1
    fi
  done
done
log "migrations: each applied once by the racing replicas of each service"

# The front of each service: its nginx port (the listen line before its grpc_pass).
declare -A front=()
while read -r port upstream; do front[$upstream]="$port"; done < <(awk '
  /listen .*http2;/ { split($2, a, ":"); port = a[2] }
  /grpc_pass grpc:\/\// { u = $0; sub(/.*grpc:\/\//, "", u); sub(/;.*/, "", u); print port, u }
' "$VAR/run/nginx/tongxin-nginx.conf")

access="$VAR/log/nginx.access.log"
# nginx's own UNAVAILABLE (grpc-unavailable.conf) is logged with $status 200: it is the line whose
# last upstream status is 502 or 504 (no replica answered), which nginx answered grpc-status 14
# in its headers (grpc_sent=14; a replica's answer may have a grpc-status in its headers too, when
# it has no body). A 502 or 504 without grpc-status 14 is nginx's HTML page: a failure.
# shellcheck disable=SC2016  # awk code
classify='
  function kind(  s, n, parts, last, sent) {
    if ($6 == 499) return "gave_up"
    s = $0; sub(/.*up_status="/, "", s); sub(/".*/, "", s)
    n = split(s, parts, /[,:] */); last = parts[n]
    sent = $0; sub(/.* grpc_sent=/, "", sent); sub(/ .*/, "", sent)
    if ($6 == 200 && (last == 502 || last == 504) && sent == 14) return "unavailable"
    if ($6 == 200 && last != 502 && last != 504) return "answered"
    return "other"
  }'
[[ -s "$access" ]] || die "$access: empty"
grep -q ' grpc_sent=' "$access" || die "$access: no grpc_sent field (an older nginx configuration?)"
read -r calls moved unavailable gave_up other < <(awk "$classify"'
  / HTTP\/2\.0" / {
    calls++
    if ($0 ~ /up="[^"]*,/) moved++
    k = kind(); if (k == "unavailable") unavailable++; else if (k == "gave_up") gave_up++
    else if (k == "other") other++
  }
  END { print calls + 0, moved + 0, unavailable + 0, gave_up + 0, other + 0 }' "$access")
log "nginx: $calls gRPC calls; $moved moved to another replica; $unavailable answered UNAVAILABLE by nginx (no replica answered); $gave_up given up by the caller (499); $other other"
if ((other > 0)); then
  awk "$classify"'/ HTTP\/2\.0" / && kind() == "other" && n++ < 5' "$access" >&2
  warn "nginx answered gRPC calls with a status that callers do not read as retryable"
  failed=1
fi

if [[ -f "$VAR/log/faults.log" ]]; then
  while read -r at signal unit; do
    port="${front[gateway_grpc]:-}"
    [[ "${unit%%.*}" == gateway ]] || port="${front[${unit%%.*}]}"
    awk -v at="$at" -v port="$port" -v unit="$unit" -v sig="$signal" "$classify"'
      $1 >= at && $1 < at + 5 && $2 == port {
        if ($0 ~ /up="[^"]*,/) { moved++; last = $1 }
        if (kind() == "unavailable") { unavailable++; last = $1 }
      }
      END {
        printf "[tongxin] %s %s: in the next 5 s, %d calls moved to another replica, %d UNAVAILABLE; ",
          sig, unit, moved, unavailable
        if (last) printf "the last %.3f s after the kill\n", last - at; else print "none"
      }' "$access"
  done <"$VAR/log/faults.log"
fi
exit "$failed"
