// The whole pipeline's harness: a spec and params -> every command of the command line.
//
// An input is a spec, then optionally a NUL and params separated by NULs, each given as
// `--param NAME=VALUE` (a spec never holds a NUL: the loader stops there with E0005, so the
// repository's specs are seeds as they are). The spec is written to a file (tests/fuzz/
// spec_file.h) and baton's own driver runs, in this process, `check` (json diagnostics),
// `plan`, `plan --format json`, and `compile` to every target, with standard output and
// standard error captured, and one of these commands (chosen by the input) a second time.
// Properties, besides no crash, leak, hang or undefined behaviour:
// - every exit status is 0, 1 or 2, and 2 (a usage error) comes with a "baton: error:" line;
// - the output is deterministic: a second run prints and writes exactly what the first did;
// - no partial output: a run that fails prints nothing on standard output and writes no
//   directory, except the diagram of a plan whose only errors are the cycles it draws (E0501,
//   E0502), which docs/cli.md promises; a run that succeeds prints or writes something;
// - JSON output (check's diagnostics, plan --format json, the json target) is JSON;
// - no "internal error";
// - a spec that plans without an error checks without one.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "driver/driver.h"
#include "fuzz_check.h"
#include "spec_file.h"

namespace baton::fuzz {
namespace {

namespace fs = std::filesystem;

/// At most this many params per input, and groups of at most this many members, so that one
/// input is milliseconds (the growth of large plans is the benchmarks' business: bench/).
constexpr size_t kMaxParams = 8;
const char kMaxInstances[] = "64";

/// What one run of the driver did.
struct Run {
  int status = -1;
  std::string out, err;
  std::map<std::string, std::string> files;  ///< a directory target's files, by relative path
  bool operator==(const Run& o) const {
    return status == o.status && out == o.out && err == o.err && files == o.files;
  }
};

/// The files under `dir` by relative path, with their mode bits' executable flag.
std::map<std::string, std::string> read_tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    bool exec = (entry.status().permissions() & fs::perms::owner_exec) != fs::perms::none;
    files[fs::relative(entry.path(), dir).string()] = (exec ? "x " : "- ") + text.str();
  }
  return files;
}

/// Runs `baton ARGS...` in this process with standard output and error captured; a directory
/// target writes to `out_dir`, which is read back and removed.
Run run(std::vector<std::string> args, const fs::path& out_dir) {
  args.insert(args.begin(), "baton");
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  Run r;
  r.status = run_driver(static_cast<int>(args.size()), argv.data());
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  std::cout.clear();
  release_kept_plans();
  r.out = out.str();
  r.err = err.str();
  r.files = read_tree(out_dir);
  std::error_code ec;
  fs::remove_all(out_dir, ec);
  return r;
}

/// What a command prints on standard output.
enum class Prints {
  Diagnostics,  ///< `check --format json`: JSON diagnostics, whatever the status
  Output,       ///< a plan or a compiled target: only when the run succeeds
  JsonOutput,   ///< the same, in JSON
  Diagram,      ///< the same, or the diagram of a plan whose only errors are its cycles
};

/// What this exit status and these outputs must be, for `what` (a command line, for messages).
void check_run(const Run& r, const std::string& what, Prints prints) {
  std::string shown =
      what + "\nstatus " + std::to_string(r.status) + "\nstderr:\n" + r.err + "\nstdout:\n" + r.out;
  require(r.status == 0 || r.status == 1 || r.status == 2, "the exit status is 0, 1 or 2", shown);
  require(r.status != 2 || r.err.find("baton: error: ") != std::string::npos,
          "a usage error (exit 2) says what is wrong", shown);
  // At the start of a line: a spec or a param may hold the words, escaped into one line.
  const std::string internal = "baton: error: internal error";
  require(r.err.compare(0, internal.size(), internal) != 0 &&
              r.err.find("\n" + internal) == std::string::npos,
          "no internal error", shown);
  if (prints == Prints::Diagnostics) {
    // A usage error stops `check` before it checks anything.
    require(nlohmann::json::accept(r.out) || (r.status == 2 && r.out.empty()),
            "check's JSON diagnostics are JSON", shown);
    return;
  }
  if (prints == Prints::JsonOutput && !r.out.empty())
    require(nlohmann::json::accept(r.out), "JSON output is JSON", shown);
  bool wrote = !r.out.empty() || !r.files.empty();
  if (r.status == 0) {
    require(wrote, "a run that succeeds prints or writes its output", shown);
  } else {
    bool cycle_diagram =
        prints == Prints::Diagram && r.status == 1 &&
        (r.err.find("E0501") != std::string::npos || r.err.find("E0502") != std::string::npos);
    require(!wrote || cycle_diagram, "a run that fails prints and writes nothing", shown);
  }
}

/// One command of the harness: its arguments before the options and the spec, and what it
/// prints.
struct Command {
  std::vector<std::string> args;
  Prints prints;
};

}  // namespace
}  // namespace baton::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace baton::fuzz;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string_view spec_text = input.substr(0, nul);
  std::vector<std::string> options = {"--color", "never", "--max-instances", kMaxInstances};
  for (size_t n = 0; nul != std::string_view::npos && n < kMaxParams; ++n) {
    size_t next = input.find('\0', nul + 1);
    // One argument, so that a value that starts with '-' is still the param's (an empty one
    // is a usage error: tests/fuzz/findings/pipeline-empty-param-eats-the-file.txt).
    std::string_view param = input.substr(nul + 1, next - nul - 1);
    options.push_back("--param=" + std::string(param));
    nul = next;
  }
  SpecFile& spec = SpecFile::instance();
  require(spec.write(spec_text), "the spec file could be written");
  const fs::path out_dir = fs::path(spec.dir()) / "out";

  const Command commands[] = {
      {{"check", "--format", "json"}, Prints::Diagnostics},
      {{"plan"}, Prints::Output},
      {{"plan", "--format", "json"}, Prints::JsonOutput},
      {{"compile", "-t", "shell", "-o", "-"}, Prints::Output},
      {{"compile", "-t", "dot", "-o", "-"}, Prints::Diagram},
      {{"compile", "-t", "mermaid", "-o", "-"}, Prints::Diagram},
      {{"compile", "-t", "json", "-o", "-"}, Prints::JsonOutput},
      {{"compile", "-t", "ansible", "-o", out_dir.string()}, Prints::Output},
      // Operations (an unknown one is E0701): the teardown, and a rolling restart in halves.
      {{"plan", "--op", "teardown", "--format", "json"}, Prints::JsonOutput},
      {{"compile", "-t", "shell", "--op", "restart", "--batch", "50%", "-o", "-"}, Prints::Output},
  };
  constexpr size_t kCommands = sizeof commands / sizeof commands[0];
  // Every command once, and one of them, chosen by the input, a second time: running each twice
  // would halve the inputs tried for little more, since a nondeterministic order (a hash, an
  // address) shows in every output that holds what it orders.
  const size_t again = std::hash<std::string_view>{}(input) % kCommands;
  Run runs[kCommands];
  for (size_t i = 0; i < kCommands; ++i) {
    std::vector<std::string> args = commands[i].args;
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(spec.path());
    std::string what;
    for (const std::string& a : args) what += a + ' ';
    runs[i] = run(args, out_dir);
    check_run(runs[i], what, commands[i].prints);
    if (i != again) continue;
    Run second = run(args, out_dir);
    require(
        second == runs[i], "the same run twice gives the same output",
        what + "\nfirst:\n" + runs[i].err + runs[i].out + "\nsecond:\n" + second.err + second.out);
  }
  require(runs[1].status != 0 || runs[0].status == 0,
          "a spec that plans without an error checks clean", runs[0].out);
  return 0;
}
