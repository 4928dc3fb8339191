#!/usr/bin/env bash
# Records what baton prints for every spec in the repository and for generated bench cases,
# with every command and target, so that a refactoring can be shown to change no output:
#   scripts/snapshot_outputs.sh BUILD_DIR OUT_DIR      (then: diff -r OLD_OUT NEW_OUT)
# Each command's standard output, standard error and exit status go into one file per case.
set -uo pipefail
cd "$(dirname "$0")/.."
baton=$(realpath "$1")/baton
out=$(realpath -m "$2")
rm -rf "$out"
mkdir -p "$out/gen"

python3 bench/gen_spec.py --shape flat --actions 1000 --out "$out/gen/flat-1k" >/dev/null
python3 bench/gen_spec.py --shape replicated --actions 1000 --out "$out/gen/replicated-1k" >/dev/null

specs=$( (ls examples/*.baton examples/rejected/*.baton bench/inputs/*.baton "$out"/gen/*.baton;
          find tests -name '*.baton' -not -path '*/node_modules/*') | sort)
n=0
for spec in $specs; do
  name=$(echo "$spec" | sed "s|^$out/||; s|/|__|g")
  dir=$(dirname "$spec")
  {
    for cmd in "check" "check --format gcc" "check --format json" "check --format sarif" \
               "plan" "plan --format json" "graph" "graph --format mermaid"; do
      echo "### baton $cmd"
      (cd "$dir" && "$baton" $cmd "$(basename "$spec")" 2>&1; echo "exit: $?")
    done
    for target in shell json dot mermaid; do
      echo "### baton compile --target $target"
      (cd "$dir" && "$baton" compile --target "$target" "$(basename "$spec")" 2>&1; echo "exit: $?")
    done
    echo "### baton compile --target ansible"
    tmp=$(mktemp -d)
    (cd "$dir" && "$baton" compile --target ansible -o "$tmp/site" "$(basename "$spec")" 2>&1; echo "exit: $?")
    [ -d "$tmp/site" ] && (cd "$tmp/site" && for f in $(find . -type f | sort); do echo "## $f"; cat "$f"; done)
    rm -rf "$tmp"
  } >"$out/$name.txt" 2>&1
  n=$((n + 1))
done
echo "$n specs recorded in $out"
