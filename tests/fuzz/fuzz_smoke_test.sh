#!/usr/bin/env bash
# The libFuzzer targets' short run (ctest fuzz_smoke_test, label fuzz; docs/reliability.md
# "Fuzzing"): configures and builds the clang tree of tests/fuzz next to BUILD_DIR when needed
# (BUILD_DIR-fuzz, or TONGXIN_FUZZ_BUILD_DIR; ccache as the launcher when there is one), replays
# every committed corpus input, then fuzzes each target for SECONDS (default 15) from the
# committed corpus. Any crash, sanitizer report, leak, or input slower than 5 s fails; the input
# that did it is kept in FUZZ_BUILD_DIR/artifacts.
#
#   fuzz_smoke_test.sh BUILD_DIR [SECONDS]
#   TONGXIN_FUZZ_TARGETS="jwt page_token" fuzz_smoke_test.sh build 300   a longer run of two
set -euo pipefail

# shellcheck disable=SC1091  # scripts/lib.sh, checked on its own
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

BUILD_DIR="${1:?usage: fuzz_smoke_test.sh BUILD_DIR [SECONDS]}"
SECONDS_PER_TARGET="${2:-15}"
FUZZ_DIR="${TONGXIN_FUZZ_BUILD_DIR:-${BUILD_DIR%/}-fuzz}"
FUZZ_SOURCE="$TONGXIN_ROOT/tests/fuzz"
read -r -a TARGETS <<<"${TONGXIN_FUZZ_TARGETS:-validation gateway_http jwt page_token round_csv}"

command -v clang++ >/dev/null 2>&1 ||
  die "clang++ not found: the fuzz targets need Debian's clang and libclang-rt-14-dev"

args=(-S "$TONGXIN_ROOT" -B "$FUZZ_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo
  -DCMAKE_CXX_COMPILER=clang++ -DTONGXIN_FUZZ=ON)
# An existing tree keeps its generator (cmake refuses to switch it).
[[ -f "$FUZZ_DIR/CMakeCache.txt" ]] || args+=(-G Ninja)
command -v ccache >/dev/null 2>&1 && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
mkdir -p "$FUZZ_DIR"
cmake "${args[@]}" >"$FUZZ_DIR/configure.log" 2>&1 || {
  cat "$FUZZ_DIR/configure.log" >&2
  die "configuring $FUZZ_DIR failed"
}
started=$SECONDS
nice -n 10 cmake --build "$FUZZ_DIR" -j2 || die "building $FUZZ_DIR failed"
log "fuzz tree built in $((SECONDS - started)) s"

ARTIFACTS="$FUZZ_DIR/artifacts"
mkdir -p "$ARTIFACTS"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tongxin-fuzz.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Leaks fail the run too; reports name source lines when llvm-symbolizer is installed.
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"

failed=()
for target in "${TARGETS[@]}"; do
  binary="$FUZZ_DIR/bin/${target}_fuzz"
  corpus="$FUZZ_SOURCE/corpus/$target"
  [[ -x "$binary" && -d "$corpus" ]] || die "no $binary or no $corpus"
  options=(-timeout=5 -rss_limit_mb=2048 "-artifact_prefix=$ARTIFACTS/$target-")
  [[ -f "$FUZZ_SOURCE/$target.dict" ]] && options+=("-dict=$FUZZ_SOURCE/$target.dict")

  # Every committed input once: the regression inputs among them must stay harmless.
  if ! "$binary" "${options[@]}" "$corpus"/* >"$WORK/$target.replay.log" 2>&1; then
    tail -n 60 "$WORK/$target.replay.log" >&2
    failed+=("$target (corpus replay)")
    continue
  fi
  # Then new inputs from the corpus for a while; new finds go to a scratch directory.
  mkdir -p "$WORK/$target"
  if ! nice -n 10 "$binary" "${options[@]}" -max_total_time="$SECONDS_PER_TARGET" \
    -print_final_stats=1 "$WORK/$target" "$corpus" >"$WORK/$target.log" 2>&1; then
    tail -n 60 "$WORK/$target.log" >&2
    failed+=("$target")
    continue
  fi
  summary="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$WORK/$target.log" | tail -n 1 || true)"
  log "$target: ${summary:-done} (found $(find "$WORK/$target" -type f | wc -l) new inputs)"
done

if [[ ${#failed[@]} -gt 0 ]]; then
  die "fuzz targets failed: ${failed[*]} (inputs kept in $ARTIFACTS)"
fi
log "every fuzz target ran clean (${SECONDS_PER_TARGET} s each)"
