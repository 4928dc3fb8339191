#!/usr/bin/env bash
# Installs the Debian packages that baton's build and tests need. Idempotent: when everything
# is already installed it prints nothing and touches no package list.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ ccache python3
  antlr4 libantlr4-runtime-dev libboost-graph-dev libfmt-dev libyaml-cpp-dev
  nlohmann-json3-dev libcli11-dev libtomlplusplus-dev
  # the style files in force (scripts/lint.sh)
  clang-format clang-tidy
  # tests: Catch2, lit + FileCheck, and the real consumers of what baton generates
  catch2 llvm-14-tools dash shellcheck graphviz ansible-core ansible-lint
  # an editor whose built-in LSP client drives `baton lsp` in the tests
  neovim
  # the fuzz harnesses (scripts/fuzz.sh): clang and its libFuzzer and sanitizer runtimes
  clang libclang-rt-14-dev
)

# Mermaid's own parser, for the mermaid backend's tests: from the npm registry, pinned by
# tests/tools/mermaid/package-lock.json (node and npm come with the machine image).
mermaid_tool="$(dirname "$0")/../tests/tools/mermaid"
if [ ! -d "$mermaid_tool/node_modules/mermaid" ] && command -v npm >/dev/null; then
  echo "setup: installing Mermaid's parser (npm ci in tests/tools/mermaid)"
  npm ci --prefix "$mermaid_tool" --no-audit --no-fund --silent >/dev/null 2>&1 ||
    echo "setup: npm ci failed; the tests that need Mermaid's parser will be skipped" >&2
fi

# Microsoft's JSON-RPC and LSP client libraries, for the language server's tests: pinned by
# tests/tools/lsp_client/package-lock.json.
lsp_client_tool="$(dirname "$0")/../tests/tools/lsp_client"
if [ ! -d "$lsp_client_tool/node_modules/vscode-languageserver-protocol" ] && command -v npm >/dev/null; then
  echo "setup: installing the LSP client libraries (npm ci in tests/tools/lsp_client)"
  npm ci --prefix "$lsp_client_tool" --no-audit --no-fund --silent >/dev/null 2>&1 ||
    echo "setup: npm ci failed; the tests that need the LSP client will be skipped" >&2
fi

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}; run as root to install them" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# apt's chatter (debconf notes and the like) only when something fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup: installing the packages failed" >&2
  exit 1
fi
