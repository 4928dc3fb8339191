#!/usr/bin/env bash
# Builds baton in release mode, installs the baselines if missing, and runs the benchmark suite into bench/results/.
#
# Usage: bench/run.sh [suite options]    (see bench/README.md; bench/suite.py --help lists them)
#   bench/run.sh                                   # 1k, 10k, 100k, 1M; flat and replicated; puppet at 1k, 10k
#   bench/run.sh --sizes 1k --runs 3 --latency-runs 30 --puppet-sizes ''    # a quick look
#   bench/run.sh --sizes 1M --commands cat,tsort,check,plan --latency-runs 0
# Environment: BUILD_DIR (default /tmp/baton-bench-build), BATON (skip the build, use this binary).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

# The baselines: tsort and cat come with coreutils; puppet is Debian's `puppet` package. GNU time
# (package `time`) reads each run's peak RSS.
missing=()
command -v puppet >/dev/null 2>&1 || missing+=(puppet)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "run.sh: missing ${missing[*]} and cannot install them here (needs root and apt-get)" >&2
  fi
fi
if [ ! -x /usr/bin/time ]; then
  echo "run.sh: /usr/bin/time (Debian package 'time') is required" >&2
  exit 2
fi

if [ -z "${BATON:-}" ]; then
  build=${BUILD_DIR:-/tmp/baton-bench-build}
  if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$build" -j2 --target baton >&2
  BATON=$build/baton
fi

exec python3 "$here/suite.py" --baton "$BATON" --invocation "bench/run.sh $*" "$@"
