#!/usr/bin/env bash
# Times the operations (issue 14) on one replicated group of N members (default 100000): the
# deploy, the teardown and a rolling restart (batch 1 and 10%), `plan` and `compile --target
# shell`/`json`, with the size of each artifact (linear in N: compare N and N/10).
#
# Usage: bench/operations.sh [N]      Environment: BATON (default build/baton)
# The target (docs/semantics.md, Operations): a rolling restart of 100k members compiles in < 2 s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
baton=${BATON:-$here/../build/baton}
n=${1:-100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/baton-ops-bench.XXXXXX")
# KEEP=1 keeps the generated specs (their directory is printed) for --time-passes and profiles.
if [ -n "${KEEP:-}" ]; then echo "specs in $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

gen() {
  cat >"$work/ops-$1.baton" <<SPEC
param n: int = $1
host db[n] min 2 { address = "10.\${index / 65536}.\${(index / 256) % 256}.\${index % 256}" }
host lb { address = "10.255.0.1" }
service galera on db {
  output name = "galera-\${index}"
  action install { sh "apt-get install -y mariadb-server" }
  action start { sh "systemctl start mariadb --name \${galera.name}" }
  action stop op teardown { sh "systemctl stop mariadb" }
  action restart op restart { sh "systemctl restart mariadb" }
  action synced op health { sh "galera-status --synced" }
}
service haproxy on lb {
  input peers = galera[*].name
  action run { sh "haproxy-configure \${join(peers, ",")}" }
  action restart op restart { sh "systemctl restart haproxy" }
}
SPEC
}

printf '| members | command | seconds | output bytes |\n| --- | --- | --- | --- |\n'
for size in $((n / 10)) "$n"; do
  gen "$size"
  spec=$work/ops-$size.baton
  while IFS='|' read -r label args; do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$baton" $args "$spec" --max-instances "$size" >"$work/out" 2>"$work/err" || {
      cat "$work/err" >&2
      exit 1
    }
    end=$(date +%s.%N)
    printf '| %s | %s | %.2f | %s |\n' "$size" "$label" "$(echo "$end - $start" | bc)" "$(wc -c <"$work/out")"
  done <<'CASES'
plan (deploy)|plan
plan --op teardown|plan --op teardown
plan --op restart|plan --op restart
plan --op restart --batch 10%|plan --op restart --batch 10%
compile shell --op restart|compile --target shell --op restart
compile json --op restart|compile --target json --op restart
compile shell --op teardown|compile --target shell --op teardown
CASES
done
