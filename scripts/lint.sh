#!/usr/bin/env bash
# The style files in force: clang-format (.clang-format) and clang-tidy (.clang-tidy) over every
# C++ file of the project. Exits non-zero on the first file that is not formatted or on any
# tidy finding. scripts/lint.sh [BUILD_DIR]   (a configured build, for compile_commands.json)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
folders='compiler|analyses|backends|format|lsp|driver|tests/unit|tests/fuzz'
mapfile -t files < <(git ls-files '*.cpp' '*.h' | grep -E "^($folders)/")
if ! clang-format --dry-run -Werror "${files[@]}"; then
  echo "lint: not formatted (run: git ls-files '*.cpp' '*.h' | xargs clang-format -i)" >&2
  exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The fuzz harnesses build only in the fuzz build (clang, -DBATON_FUZZ=ON): tidied with its
# compilation database, which configuring alone makes.
bash scripts/fuzz.sh configure
if ! { run-clang-tidy -p "$build" -j 2 -quiet "$PWD/($folders)/" &&
       run-clang-tidy -p build-fuzz -j 2 -quiet "$PWD/tests/fuzz/"; } >"$log" 2>&1 ||
    grep -qE '(error|warning):' "$log"; then
  grep -E '(error|warning):' "$log" | sed 's/\x1b\[[0-9;]*m//g' | sort -u >&2
  echo "lint: clang-tidy findings" >&2
  exit 1
fi
echo "lint: ${#files[@]} files formatted and tidy"
