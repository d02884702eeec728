#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build/fuzz and runs each one for
# SECONDS (default 60) over its seed corpus in fuzz/corpus/<target>, with leak detection.
# Prints per target: runs, execs/s, corpus size and crashes; a crash, leak or sanitizer
# report leaves its input in build/fuzz/artifacts/<target>/ and makes the script fail.
# Last line per target: `fuzz-result TARGET pass|fail` (read by scripts/test-suites.sh).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
jobs="${FUZZ_JOBS:-2}"
source scripts/ccache.sh

targets=("$@")
if ((${#targets[@]} == 0)); then
  for source in fuzz/*_fuzz.cpp; do
    targets+=("$(basename "$source" .cpp)")
  done
fi

# No precompiled header: clang's differs from one checkout to the next, and every object
# that included it would miss the cache in a fresh clone (CI's).
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DGONGHUI_FUZZ=ON -DGONGHUI_TESTS=OFF -DGONGHUI_BENCH=OFF \
  -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON >/dev/null || exit 1
ninja -C build/fuzz -j "$jobs" "${targets[@]}" || exit 1

status=0
for target in "${targets[@]}"; do
  corpus="build/fuzz/corpus/$target"   # seeds plus what this run finds; the repo stays clean
  artifacts="build/fuzz/artifacts/$target"
  rm -rf "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  log="build/fuzz/$target.log"
  dict=()
  if [[ -f "fuzz/$target.dict" ]]; then dict=(-dict="fuzz/$target.dict"); fi
  echo "== $target: ${seconds} s"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "build/fuzz/$target" -max_total_time="$seconds" -error_exitcode=77 -timeout=10 \
    -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 -detect_leaks=1 \
    "${dict[@]}" -artifact_prefix="$artifacts/" "$corpus" "fuzz/corpus/$target" > "$log" 2>&1
  rc=$?
  runs=$(grep -oP 'stat::number_of_executed_units: *\K[0-9]+' "$log" | tail -1)
  speed=$(grep -oP 'stat::average_exec_per_sec: *\K[0-9]+' "$log" | tail -1)
  units=$(grep -oP '#[0-9]+.*corp: \K[0-9]+' "$log" | tail -1)
  crashes=$(find "$artifacts" -type f | wc -l)
  if [[ $rc -ne 0 ]]; then
    status=1
    crashes=$((crashes > 0 ? crashes : 1))
    echo "   FAILED (exit $rc); the report:"
    grep -A4 -m1 '^FINDING' "$log" | sed 's/^/   /'
    grep -A30 -m1 -E '==[0-9]+==ERROR|runtime error|deadly signal|ERROR: libFuzzer' "$log" |
      grep -v -E 'in fuzzer::|libc_start|in _start|in main ' | head -30 | sed 's/^/   /'
    grep -E '^Base64: |Test unit written' "$log" | head -2 | sed 's/^/   /'
  fi
  echo "   runs ${runs:-0}, ${speed:-0} execs/s, corpus ${units:-0} inputs, crashes ${crashes}"
  if [[ $rc -eq 0 ]]; then
    echo "fuzz-result $target pass"
  else
    echo "fuzz-result $target fail"
  fi
done
exit $status
