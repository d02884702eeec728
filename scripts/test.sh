#!/usr/bin/env bash
# `make test`: installs what is missing, builds (release, sanitizers, web app) and runs every
# suite: C++ unit tests (release and ASan+UBSan, on SQLite and PostgreSQL), API tests against
# the real binary on SQLite and on a throwaway PostgreSQL cluster, two instances sharing one
# PostgreSQL database, `gonghui copy` and backups (tests/multi), the Debian package of
# `make deb` (tests/package), browser tests, and 60 s of
# fuzzing per libFuzzer target (scripts/fuzz.sh).
# Prints one summary line `N passed, N failed` and exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

scripts/deps.sh test
scripts/build.sh release asan web

mkdir -p build/test-logs
rm -f build/test-logs/summary.txt
# The suites run inside a throwaway PostgreSQL 15 cluster on loopback (pg_virtualenv
# exports PGHOST, PGPORT, PGUSER, PGPASSWORD and drops the cluster afterwards).
status=0
pg_virtualenv -t -v 15 scripts/test-suites.sh || status=$?

passed=0
failed=0
echo
echo "== summary"
if [[ -f build/test-logs/summary.txt ]]; then
  while read -r suite p f seconds; do
    printf '  %-28s %6d passed %4d failed %6s s\n' "$suite" "$p" "$f" "${seconds:-?}"
    passed=$((passed + p))
    failed=$((failed + f))
  done < build/test-logs/summary.txt
fi
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1  # a suite crashed before it could count
fi
echo "  total time $(( $(date +%s) - started )) s"
# What failed, briefly, right above the last line (a CI page often shows only the end): the
# failing node tests with their errors, GoogleTest's failed names, without stack frames.
while read -r suite p f seconds; do
  [[ $f -eq 0 ]] && continue
  echo "== why $suite failed (build/test-logs/$suite.log)"
  log="build/test-logs/$suite.log"
  if grep -q '^✖ failing tests:' "$log"; then
    sed -n '/^✖ failing tests:/,$p' "$log" | grep -vE '^\s+at |^\s*$|^ℹ ' | head -24
  else
    grep -E '^\[  FAILED  \]|Failure$|^Expected|^  Actual|^Which is|-result .* fail$' "$log" | head -24
  fi
done < <(cat build/test-logs/summary.txt 2>/dev/null)
echo "${passed} passed, ${failed} failed"
[[ $failed -eq 0 ]]
