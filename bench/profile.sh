#!/usr/bin/env bash
# Profiles one baton command on a generated case (perf or callgrind for time, heaptrack for memory) into bench/results/.
#
# Usage: bench/profile.sh [--cmd check|plan] [--shape flat|replicated] [--size 100k] [--callgrind-size 10k]
# Builds an optimised binary with symbols and frame pointers in PROFILE_BUILD_DIR (default
# /tmp/baton-bench-profile; BATON=path uses a binary built elsewhere), then writes bench/results/profile-<date>-<host>-<cmd>-<shape>.md with:
#   - perf: self time by shared object and by function (when `perf record -e cpu-clock` works here),
#   - callgrind: instructions, inclusive and self, by function (on --callgrind-size: ~50x slower),
#   - heaptrack: peak heap, the allocation sites behind the peak, and the allocation counts.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cmd=check
shape=flat
size=100k
cg_size=10k
while [ $# -gt 0 ]; do
  case "$1" in
    --cmd) cmd=$2; shift 2 ;;
    --shape) shape=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --callgrind-size) cg_size=$2; shift 2 ;;
    *) echo "profile.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ -n "${BATON:-}" ]; then
  baton=$BATON  # a binary built elsewhere (symbols make the report readable)
else
  build=${PROFILE_BUILD_DIR:-/tmp/baton-bench-profile}
  if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_FLAGS="-g -fno-omit-frame-pointer" >/dev/null
  fi
  cmake --build "$build" -j2 --target baton >&2
  baton=$build/baton
fi

work=$here/work
mkdir -p "$work/profile" "$here/results"
gen() {  # gen SIZE -> prints the spec path
  local prefix=$work/$shape-$1
  if [ ! -f "$prefix.json" ] || [ "$here/gen_spec.py" -nt "$prefix.json" ]; then
    python3 "$here/gen_spec.py" --shape "$shape" --actions "$1" --out "$prefix" >/dev/null
  fi
  echo "$prefix.baton"
}
spec=$(gen "$size")
cg_spec=$(gen "$cg_size")
# The reports below are cut with head, which closes pipes early: that is not a failure.
set +o pipefail
out=$here/results/profile-$(date +%F)-$(hostname)-$cmd-$shape.md
p=$work/profile

{
  echo "# Profile of \`baton $cmd\` on generated $shape specs, $(date '+%F %H:%M') on $(hostname)"
  echo
  echo "Binary: $baton ($($baton --version)), commit $(git -C "$root" rev-parse --short HEAD)."
  echo "Cases: $(basename "$spec") ($(wc -c <"$spec") bytes), $(basename "$cg_spec") ($(wc -c <"$cg_spec") bytes) for callgrind."
  echo "Written by \`bench/profile.sh --cmd $cmd --shape $shape --size $size --callgrind-size $cg_size\`."
  echo
  echo "## Wall time and peak RSS"
  echo
  echo '```'
  /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB peak RSS" "$baton" "$cmd" "$spec" 2>&1 >/dev/null | tail -1
  echo '```'
} >"$out"

if perf record -e cpu-clock -o "$p/probe.data" true >/dev/null 2>&1; then
  perf record -e cpu-clock -F 999 -o "$p/perf.data" "$baton" "$cmd" "$spec" >/dev/null 2>&1 || true
  {
    echo
    echo "## perf (cpu-clock samples, self time): by shared object"
    echo
    echo '```'
    perf report -i "$p/perf.data" --stdio --no-children --sort dso 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
    echo '```'
    echo
    echo "## perf: by function (top 40)"
    echo
    echo '```'
    perf report -i "$p/perf.data" --stdio --no-children --sort dso,symbol 2>/dev/null | grep -v '^#' | grep -v '^$' \
      | cut -c1-200 | head -40
    echo '```'
  } >>"$out"
else
  echo -e "\n(perf record -e cpu-clock does not work on this machine: no perf section)" >>"$out"
fi

valgrind --tool=callgrind --callgrind-out-file="$p/callgrind.out" "$baton" "$cmd" "$cg_spec" >/dev/null 2>"$p/callgrind.log" || true
{
  echo
  echo "## callgrind on $(basename "$cg_spec"): instructions, inclusive (top 45)"
  echo
  echo '```'
  grep -m1 'Collected' "$p/callgrind.log" || true
  callgrind_annotate --inclusive=yes "$p/callgrind.out" 2>/dev/null | sed -n '/^Ir/,$p' | cut -c1-220 | head -48
  echo '```'
  echo
  echo "## callgrind: self (top 35)"
  echo
  echo '```'
  callgrind_annotate "$p/callgrind.out" 2>/dev/null | sed -n '/^Ir/,$p' | cut -c1-220 | head -38
  echo '```'
} >>"$out"

rm -f "$p"/heaptrack* "$p"/*.old
heaptrack -o "$p/heaptrack" "$baton" "$cmd" "$spec" >/dev/null 2>&1 || true
ht=$(ls "$p"/heaptrack*.zst "$p"/heaptrack*.gz 2>/dev/null | head -1 || true)
if [ -n "$ht" ]; then
  heaptrack_print -f "$ht" -p 1 -a 1 -T 0 -n 15 -s 3 >"$p/heaptrack.txt" 2>/dev/null || true
  # One entry per allocation site: the heading line, the allocating function, and the first
  # frame of baton's own code (or its generated parser) under it. Full text: $p/heaptrack.txt.
  condense() {
    awk '/^[0-9].* from$/ { if (head) print head "\n    alloc: " fn "\n    first baton frame: " (own ? own : "-");
                             head = $0; getline fn; own = ""; next }
         head && own == "" && /^    (baton|baton_grammar)::/ { own = $0; sub(/^ +/, "", own) }
         END { if (head) print head "\n    alloc: " fn "\n    first baton frame: " (own ? own : "-") }' | cut -c1-220
  }
  {
    echo
    echo "## heaptrack on $(basename "$spec"): summary"
    echo
    echo '```'
    sed -n '/^total runtime/,$p' "$p/heaptrack.txt"
    echo '```'
    echo
    echo "## heaptrack: allocation sites behind the peak"
    echo
    echo '```'
    sed -n '/^PEAK MEMORY CONSUMERS/,/^total runtime/p' "$p/heaptrack.txt" | condense
    echo '```'
    echo
    echo "## heaptrack: most calls to allocation functions"
    echo
    echo '```'
    sed -n '/^MOST CALLS/,/^PEAK MEMORY CONSUMERS/p' "$p/heaptrack.txt" | condense
    echo '```'
  } >>"$out"
fi
echo "wrote $out" >&2
