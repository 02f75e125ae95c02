#!/usr/bin/env bash
# One seed of the workload auditor (ctest audit_test, label audit; docs/reliability.md): starts
# scripts/up's stack on a PostgreSQL cluster of its own, on reserved ports, and runs tongxin-audit
# for a few seconds with the points service killed (SIGKILL) and restarted mid-run. tongxin-audit
# exits non-zero on any violation and prints the seed and commit that reproduce it; this script
# passes its status on. Then, unless --self_test=0, the auditor's own test on the same stack: a
# short run during which plant_violations.sh breaks four rules behind the services' backs must
# fail and name each. scripts/audit runs many seeds through this script. With --replicas=N the
# stack is scripts/up --replicas N (every call through nginx, the replicas of each service started
# at the same moment, racing to migrate), and replicas_check.sh then checks what nginx and the
# replicas logged.
#
#   audit_test.sh BUILD_DIR [--seed=1] [--duration_s=12] [--fault=KIND|none] [--replicas=1]
#                 [--self_test=1|0] [--summary_out=FILE] [other tongxin-audit flags, e.g. --clients=16]
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

BUILD_DIR="${1:?usage: audit_test.sh BUILD_DIR [--seed=N] [--duration_s=T] [--fault=kill-points|none]}"
shift
SEED=1
DURATION=12
FAULT=kill-points
SELF_TEST=1
REPLICAS=1
ARGS=()
for arg in "$@"; do
  case "$arg" in
    --seed=*) SEED="${arg#*=}" ;;
    --duration_s=*) DURATION="${arg#*=}" ;;
    --fault=*) FAULT="${arg#*=}" ;;
    --self_test=*) SELF_TEST="${arg#*=}" ;;
    --replicas=*) REPLICAS="${arg#*=}" ;;
    --*=*) ARGS+=("$arg") ;;
    *) die "unknown argument: $arg" ;;
  esac
done
[[ "$SEED" =~ ^[0-9]+$ ]] || die "--seed: a whole number"
[[ "$DURATION" =~ ^[0-9]+$ ]] || die "--duration_s: whole seconds"
[[ "$SELF_TEST" == 0 || "$SELF_TEST" == 1 ]] || die "--self_test: 0 or 1"
[[ "$REPLICAS" =~ ^[1-4]$ ]] || die "--replicas: 1 to 4"
# The kinds tests/audit/fault.sh makes.
FAULTS="kill-volunteer kill-posts kill-wishes kill-points kill-gateway stop-points pg-fast pg-immediate pg-terminate cut-connections kill-replica"
[[ "$FAULT" == none || " $FAULTS " == *" $FAULT "* ]] || die "--fault: none or one of: $FAULTS"
[[ "$FAULT" != cut-connections ]] || can_cut_connections ||
  die "--fault=cut-connections: ss -K needs CAP_NET_ADMIN"
[[ "$FAULT" != kill-replica || "$REPLICAS" -ge 2 ]] || die "--fault=kill-replica: needs --replicas=2 or more"

STATE="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-audit.XXXXXX")"

# The gateway's per-caller limits out of the way: the workload's street admin is one caller.
# shellcheck disable=SC2034  # read by test_stack_up (scripts/lib.sh)
STACK_REPLICAS="$REPLICAS"
test_stack_up "$STATE" "$BUILD_DIR" TONGXIN_GATEWAY_REQUESTS_PER_SECOND=100000 \
  TONGXIN_GATEWAY_BURST=100000 TONGXIN_GATEWAY_RATE_LIMITS=system=100000/100000
base="$STACK_BASE"

commit="$(git -C "$TONGXIN_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git -C "$TONGXIN_ROOT" diff --quiet HEAD 2>/dev/null; then
  commit+="+changes"
fi
fault=()
if [[ "$FAULT" != none ]]; then
  fault=("--fault_at_s=$((DURATION * 2 / 5))"
    "--fault_command=bash $TONGXIN_ROOT/tests/audit/fault.sh $FAULT $STATE $BUILD_DIR"
    "--fault_name=$FAULT")
fi
URL_BASE="$STACK_URL_BASE"
log "tongxin-audit --seed=$SEED --duration_s=$DURATION (fault: $FAULT) ${ARGS[*]}"
"$BUILD_DIR/bin/tongxin-audit" --seed="$SEED" --duration_s="$DURATION" --port_base="$base" \
  --var_dir="$STATE/var" --database_url_base="$URL_BASE" --commit="$commit" "${fault[@]}" \
  "${ARGS[@]}"

if ((REPLICAS > 1)); then
  bash "$TONGXIN_ROOT/tests/audit/replicas_check.sh" "$STATE/var"
fi

if [[ "$SELF_TEST" == 1 ]]; then
  status=0
  "$BUILD_DIR/bin/tongxin-audit" --seed="$SEED" --duration_s=4 --port_base="$base" \
    --var_dir="$STATE/var" --database_url_base="$URL_BASE" --commit="$commit" --drain_s=30 \
    --fault_at_s=2 --fault_name=planted \
    --fault_command="bash $TONGXIN_ROOT/tests/audit/plant_violations.sh $URL_BASE" \
    >"$STATE/planted.log" 2>&1 || status=$?
  missed=()
  grep -q 'VIOLATION: reward .* units left the stock' "$STATE/planted.log" || missed+=(stock)
  grep -q 'VIOLATION: transfers with reason .*: 2 in the database' "$STATE/planted.log" ||
    missed+=("the doubled adjustment")
  grep -q 'VIOLATION: the ledger sums to 1' "$STATE/planted.log" || missed+=(ledger)
  grep -q 'VIOLATION: volunteer .* is in status 1 after admissions ok 1' "$STATE/planted.log" ||
    missed+=("the undone admissions")
  if ((status != 1 || ${#missed[@]} > 0)); then
    tail -n 30 "$STATE/planted.log" >&2
    die "the auditor's own test: exit $status (want 1); missed: ${missed[*]:-nothing}"
  fi
  log "the auditor's own test: the planted stock, doubled adjustment, ledger gap and undone admissions were all found"
fi
