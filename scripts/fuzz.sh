#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz/, in build-fuzz with clang) and runs each for a
# while: scripts/fuzz.sh [SECONDS_PER_HARNESS] [HARNESS...]   (default 30 s; every harness:
# frontend, pipeline, shell_quote). scripts/test.sh runs the short default; the campaign of
# docs/fuzzing.md runs the same with an hour per harness. One fuzzer process at a time.
# `scripts/fuzz.sh configure` only configures build-fuzz (scripts/lint.sh needs its
# compilation database).
#
# Under build-fuzz/fuzz/: seeds/H (tests/fuzz/make_corpus.py, regenerated each run), corpus/H
# (what the fuzzer found worth keeping; runs of 5 minutes or more grow it), findings/H
# (crash-*, leak-*, timeout-*, oom-* inputs), logs/H.log. Exits 1 when a harness finds
# something.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
configure_only=false
[ "$seconds" = configure ] && configure_only=true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(frontend pipeline shell_quote)
dir=build-fuzz
work=$dir/fuzz

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
if [ ! -f "$dir/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBATON_FUZZ=ON >/dev/null
fi
$configure_only && exit 0
cmake --build "$dir" -j2 --target "${harnesses[@]/#/fuzz_}" | tail -n 1
python3 tests/fuzz/make_corpus.py . "$work/seeds"

# A short run (under 5 minutes a harness: scripts/test.sh's) starts from the seeds alone and
# keeps nothing, so that it takes the time it is given whatever campaigns ran before; a longer
# one grows corpus/H.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for h in "${harnesses[@]}"; do
  corpus=$work/corpus/$h
  [ "$seconds" -lt 300 ] && corpus=$scratch/$h
  mkdir -p "$corpus" "$work/findings/$h" "$work/logs"
  log=$work/logs/$h.log
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$work/findings/$h/")
  [ "$h" != shell_quote ] && options+=(-dict=tests/fuzz/baton.dict)
  if [ "$h" = shell_quote ] && command -v dash >/dev/null; then
    # The harness's sh reader against the shell the scripts run in, on every input of the run.
    if ! BATON_FUZZ_SH=$(command -v dash) "$dir/fuzz/fuzz_$h" -runs=0 \
        -artifact_prefix="$work/findings/$h/" "$corpus" "$work/seeds/$h" >"$log" 2>&1; then
      echo "fuzz: $h: the sh reader and dash disagree (log: $log)" >&2
      grep -A3 'property broken' "$log" >&2 || tail -n 20 "$log" >&2
      status=1
      continue
    fi
  fi
  if "$dir/fuzz/fuzz_$h" "${options[@]}" "$corpus" "$work/seeds/$h" >>"$log" 2>&1; then
    stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1 |
      sed -E 's/^#([0-9]+)[[:space:]]+[A-Z]+[[:space:]]+/\1 runs, /; s/ lim: [0-9]+//; s/ exec\/s/ exec\/s/')
    echo "fuzz: $h: ${seconds} s, no finding: $stats"
  else
    echo "fuzz: $h: FOUND SOMETHING (log: $log; input: $work/findings/$h/)" >&2
    grep -E -A12 'ERROR: |property broken|SUMMARY' "$log" | head -n 40 >&2 || tail -n 30 "$log" >&2
    status=1
  fi
done
exit $status
