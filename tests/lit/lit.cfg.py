# lit configuration for baton's tests: every .baton and .test file under tests/lit is a test.
# Run through ctest (see CMakeLists.txt), which passes the build directory and FileCheck.
import os
import shutil
import subprocess

import lit.formats

config.name = "baton"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".baton", ".test"]
config.excludes = ["inputs", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)

build = lit_config.params.get("baton_bin")
if not build:
    lit_config.fatal("pass --param baton_bin=<build dir>")
filecheck = lit_config.params.get("filecheck") or shutil.which("FileCheck") or "/usr/lib/llvm-14/bin/FileCheck"

config.test_exec_root = os.path.join(build, "lit")
config.substitutions.append(("%baton", os.path.join(build, "baton")))
config.substitutions.append(("%update", "python3 " + os.path.join(config.test_source_root, "..", "update_checks.py")))
config.substitutions.append(("FileCheck", filecheck))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "inputs")))

# Tests see a plain, colourless environment.
config.environment["NO_COLOR"] = "1"
config.environment["PATH"] = os.pathsep.join(["/usr/lib/llvm-14/bin", os.environ.get("PATH", "")])
for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# The property test's sample (tests/lit/property): smaller on a sanitizer build, where baton
# starts ten times slower.
cache = os.path.join(build, "CMakeCache.txt")
sanitize = os.path.exists(cache) and "BATON_SANITIZE:BOOL=ON" in open(cache).read()
config.substitutions.append(("%property-sample", "--count 300 --run-shell 5" if sanitize else
                             "--count 3000 --run-shell 30 --require-kinds"))
config.substitutions.append(("%fmt-property-count", "300" if sanitize else "3000"))
for tool in ("dot", "shellcheck", "ansible-playbook", "ansible-lint", "dash"):
    if shutil.which(tool):
        config.available_features.add(tool)

# A private mount namespace with a /dev of its own, for the tests of -o /dev/null and
# /dev/stdout (a regression there replaces the device): root, and unshare permitted.
if shutil.which("unshare") and subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         "mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
    config.available_features.add("unshare")

# Mermaid's own parser, run under node (tests/tools/mermaid, installed by scripts/setup.sh).
mermaid_tool = os.path.join(config.test_source_root, "..", "tools", "mermaid")
if shutil.which("node") and os.path.isdir(os.path.join(mermaid_tool, "node_modules", "mermaid")):
    config.available_features.add("mermaid")
config.substitutions.append(("%mermaid-check", "node " + os.path.join(mermaid_tool, "check.mjs")))

# `baton lsp` driven by real clients: Microsoft's LSP client libraries under node
# (tests/tools/lsp_client, installed by scripts/setup.sh) and neovim's built-in client.
lsp_client_tool = os.path.join(config.test_source_root, "..", "tools", "lsp_client")
if shutil.which("node") and os.path.isdir(
        os.path.join(lsp_client_tool, "node_modules", "vscode-languageserver-protocol")):
    config.available_features.add("lsp-client")
config.substitutions.append(("%lsp-client", "node " + os.path.join(lsp_client_tool, "session.mjs")))
if shutil.which("nvim"):
    config.available_features.add("nvim")
