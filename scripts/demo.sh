#!/usr/bin/env bash
# Quick start: sets up, builds, and runs baton on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build >/dev/null
echo "\$ baton check examples/openstack.baton"
./build/baton check examples/openstack.baton && echo "clean: no diagnostics"
