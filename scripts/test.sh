#!/usr/bin/env bash
# Runs every test: sets up, builds baton twice (optimised, and with ASan+UBSan), and runs the
# whole suite (Catch2 unit tests, lit tests, registry checks, end-to-end tests) on both builds,
# checks the style files (clang-format, clang-tidy) on every C++ file, and runs each fuzz
# harness for a short while (scripts/fuzz.sh, in a third build with clang and libFuzzer).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
status=0
for variant in build build-asan; do
  extra=()
  [ "$variant" = build-asan ] && extra=(-DBATON_SANITIZE=ON)
  echo "== $variant: building"
  bash scripts/build.sh "$variant" "${extra[@]}" | tail -n 1
  if [ "$variant" = build ]; then
    echo "== lint: clang-format and clang-tidy"
    bash scripts/lint.sh build || status=1
  fi
  echo "== $variant: testing"
  if ! ASAN_OPTIONS=detect_leaks=1 ctest --test-dir "$variant" --output-on-failure -j2; then
    status=1
  fi
done
# The fuzz harnesses (docs/fuzzing.md), a short run of each: a crash found fails the run.
echo "== fuzz: each harness for 30 s"
bash scripts/fuzz.sh 30 || status=1
exit $status
