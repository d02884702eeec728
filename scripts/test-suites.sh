#!/usr/bin/env bash
# Runs each test suite and records `suite passed failed seconds` in build/test-logs/summary.txt.
# Expects PostgreSQL connection variables (PGHOST…) from pg_virtualenv.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=build/test-logs
export GONGHUI_TEST_POSTGRES_URL="postgresql://"
overall=0

record() {  # suite log-file exit-code seconds: counts passes and failures from the log
  local suite="$1" log="$2" rc="$3" seconds="$4" p f
  if grep -qE '^(fuzz|crash)-result ' "$log"; then  # scripts/fuzz.sh, bench/crash/run
    p=$(grep -cE '^(fuzz|crash)-result .* pass$' "$log")
    f=$(grep -cE '^(fuzz|crash)-result .* fail$' "$log")
  elif grep -q '^\[==========\]' "$log"; then  # GoogleTest
    p=$(grep -oP '^\[  PASSED  \] \K[0-9]+' "$log" | tail -1)
    f=$(grep -oP '^ *\K[0-9]+(?= FAILED TESTS?)' "$log" | tail -1)
  else  # node --test (spec reporter)
    p=$(grep -oP '^ℹ pass \K[0-9]+' "$log" | tail -1)
    f=$(grep -oP '^ℹ fail \K[0-9]+' "$log" | tail -1)
  fi
  p=${p:-0}
  f=${f:-0}
  if [[ $rc -ne 0 && $f -eq 0 ]]; then f=1; fi
  echo "$suite $p $f $seconds" >> "$logs/summary.txt"
  if [[ $f -ne 0 ]]; then
    overall=1
    echo "!! $suite failed; last lines of $log:"
    tail -40 "$log"
  fi
}

run_suite() {  # suite command...
  local suite="$1"
  shift
  local log="$logs/$suite.log"
  echo "== $suite"
  local started=$SECONDS
  "$@" > "$log" 2>&1
  local rc=$?
  record "$suite" "$log" "$rc" "$((SECONDS - started))"
  tail -3 "$log" | sed 's/^/   /'
}

# Suites side by side, each to its own log, recorded in the order given once all have ended.
# For suites that wait on the disk and on PostgreSQL more than they use a core.
run_together() {  # suite function [suite function...]
  local suites=()
  while (($# >= 2)); do
    echo "== $1 (alongside others)"
    (
      started=$SECONDS
      "$2" > "$logs/$1.log" 2>&1
      echo "$? $((SECONDS - started))" > "$logs/$1.status"
    ) &
    suites+=("$1")
    shift 2
  done
  wait
  local suite rc seconds
  for suite in "${suites[@]}"; do
    read -r rc seconds < "$logs/$suite.status" || { rc=1; seconds=0; }
    rm -f "$logs/$suite.status"
    record "$suite" "$logs/$suite.log" "$rc" "$seconds"
    tail -3 "$logs/$suite.log" | sed 's/^/   /'
  done
}

# The C++ unit tests, release and ASan+UBSan at once: each test runs on its own throwaway
# SQLite file or PostgreSQL schema, so the two runs share nothing.
unit_release() { build/release/gonghui_tests; }
unit_asan() {
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build/asan/gonghui_tests
}
run_together unit-release unit_release unit-asan unit_asan

node_test() {  # suite binary engine dir [files at once]
  GONGHUI_BIN="$2" GONGHUI_TEST_ENGINE="$3" \
    node --test --test-reporter=spec --test-concurrency="${5:-1}" "$4"/
}
ASAN_OPTIONS=detect_leaks=1 run_suite api-sqlite-asan node_test x build/asan/gonghui sqlite tests/api
run_suite api-postgresql node_test x build/release/gonghui postgresql tests/api
# Two instances on one PostgreSQL database, and `gonghui copy` from SQLite to PostgreSQL.
run_suite multi-postgresql node_test x build/release/gonghui postgresql tests/multi
# The Debian package of the release build (scripts/deb.sh, lintian) installed into a
# throwaway root and started from there.
run_suite package node_test x build/release/gonghui sqlite tests/package
# docs/deploy.md run as written, block by block, as root in a throwaway overlay of this machine
# with the package just built (tests/deploy/sandbox.sh).
run_suite deploy-doc node_test x build/release/gonghui sqlite tests/deploy
# ESLint and Prettier over the web app and the browser tests, and the API types generated from
# docs/openapi.yaml up to date; counted by its exit code (a failure is one failed check).
run_suite web-lint bash -c 'cd web && npm run lint'
# Two browser test files at once: each has its own server and Chromium, and much of a
# browser test is waiting for the page, so two share the two cores without slowing each other.
if [[ -d tests/browser ]]; then
  run_suite browser node_test x build/release/gonghui sqlite tests/browser 2
fi
# SIGKILL under load, three times; nothing acknowledged may be lost (bench/crash/run 20 for the
# full version).
run_suite crash bench/crash/run 3
# libFuzzer targets, 60 s each (the clang build into build/fuzz is part of the suite).
run_suite fuzz scripts/fuzz.sh 60
exit $overall
