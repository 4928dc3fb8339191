#!/usr/bin/env bash
# Quick start: sets up, builds, and runs baton on the bundled example: check it, print its plan,
# compile it to a shell script and show what the script would run (--dry-run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build >/dev/null
spec=examples/openstack.baton
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "\$ baton check $spec"
./build/baton check "$spec" && echo "clean: no diagnostics"
echo
echo "\$ baton plan $spec"
./build/baton plan "$spec"
echo
echo "\$ baton compile $spec --target shell -o deploy.sh && sh deploy.sh --dry-run"
./build/baton compile "$spec" --target shell -o "$out/deploy.sh"
sh "$out/deploy.sh" --dry-run
