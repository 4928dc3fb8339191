// The driver: parses the command line (CLI11), runs the pipeline and renders diagnostics.
#include "driver/driver.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

#include "analyses/pipeline.h"
#include "backends/backend.h"
#include "backends/emitters.h"
#include "backends/plan_text.h"
#include "compiler/base/closest_name.h"
#include "compiler/base/pass_timer.h"
#include "compiler/base/version.h"
#include "compiler/diagnostics/diagnostic_render.h"
#include "compiler/frontend/loader.h"
#include "compiler/ir/ir_dump.h"
#include "driver/explain.h"
#include "driver/fmt_command.h"
#include "driver/language_server.h"
#include "driver/output_writer.h"
#include "driver/reported_diagnostics.h"
#include "driver/run_settings.h"

namespace baton {
namespace {

/// Prints "baton: error: MESSAGE" to standard error. The message may echo the command line
/// (a file name, a --param), so its control characters are escaped as in diagnostics.
void print_error(const std::string& message) {
  std::cerr << "baton: error: " << printable_text(message) << "\n";
}

/// The largest --max-instances: past it, a plan could never fit in memory anyway. A range,
/// so that -1 or 2^64 is a usage error rather than a value wrapped to "no limit".
constexpr int64_t kMaxInstancesLimit = 1000000000;

/// Adds --max-instances to `cmd`, stored in `value`.
void add_max_instances_option(CLI::App* cmd, uint64_t& value) {
  cmd->add_option("--max-instances", value, "the largest group size allowed")
      ->check(CLI::Range(int64_t{0}, kMaxInstancesLimit))
      ->capture_default_str();
}

/// Options shared by every subcommand that reports diagnostics.
struct DiagOptions {
  std::string format = "human";
  std::string color = "auto";
  bool werror = false;
  bool remarks = false;  ///< show remarks (cycle splits); hidden by default
  ProjectOptions project;
  std::vector<std::string> params;  ///< --param NAME=VALUE, as given
};

/// `format_flag` is `--diag-format` where `--format` names what the command prints.
void add_diag_options(CLI::App* cmd, DiagOptions& o, const std::string& format_flag = "--format") {
  cmd->add_option(format_flag, o.format, "diagnostic format")
      ->check(CLI::IsMember({"human", "gcc", "json", "sarif"}))
      ->capture_default_str();
  cmd->add_option("--color", o.color, "colour in human diagnostics")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_flag("--werror", o.werror, "treat warnings as errors");
  cmd->add_flag("--remarks", o.remarks, "also show remarks (how cycles were split)");
  // One value per option, so that `--allow W0201 spec.baton` leaves the file alone.
  cmd->add_option("--allow", o.project.allow, "silence a warning or remark (code or name)")
      ->allow_extra_args(false);
  cmd->add_option("--warn", o.project.warn, "show a warning or remark as a warning")
      ->allow_extra_args(false);
  cmd->add_option("--deny", o.project.deny, "make a warning or remark an error")
      ->allow_extra_args(false);
  cmd->add_option("--config", o.project.config,
                  "the project file (default: baton.toml found "
                  "in the spec's directory or above)");
  cmd->add_flag("--no-config", o.project.no_config, "read no baton.toml");
  cmd->add_option("--env", o.project.env, "use the params of baton.toml's [env.NAME.params]");
  cmd->add_option("--param", o.params, "NAME=VALUE for a param of the spec (repeatable)")
      ->allow_extra_args(false);
}

RenderOptions render_options(const DiagOptions& o) {
  RenderOptions r;
  r.format = o.format == "gcc"     ? DiagFormat::Gcc
             : o.format == "json"  ? DiagFormat::Json
             : o.format == "sarif" ? DiagFormat::Sarif
                                   : DiagFormat::Human;
  bool tty = isatty(STDERR_FILENO) != 0;
  const char* no_color = std::getenv("NO_COLOR");
  r.color = o.color == "always" || (o.color == "auto" && tty && !(no_color && *no_color));
  return r;
}

/// Drops repeats of the same diagnostic (a file imported by two roots is checked twice), and
/// shows a warning as the error it is under --werror (as gcc does).
std::vector<Diagnostic> unique_diagnostics(const std::vector<Diagnostic>& all,
                                           const SourceManager& sm, const DiagOptions& o) {
  std::set<std::tuple<std::string, uint32_t, uint32_t, int, std::string>> seen;
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : all) {
    std::string file = d.range.valid() ? sm.file(d.range.file).display_name : "";
    if (!seen.emplace(file, d.range.line, d.range.col, static_cast<int>(d.kind), d.message).second)
      continue;
    out.push_back(d);
    if (o.werror && out.back().severity == Severity::Warning) out.back().severity = Severity::Error;
  }
  return out;
}

bool has_error(const std::vector<Diagnostic>& list) {
  return std::any_of(list.begin(), list.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

/// Prints the diagnostics and returns the exit status they call for.
int finish(const std::vector<Diagnostic>& reported, const SourceManager& sources,
           const DiagOptions& o, bool io_error) {
  std::vector<Diagnostic> list = unique_diagnostics(reported, sources, o);
  RenderOptions ro = render_options(o);
  std::string text = render_diagnostics(list, sources, ro);
  if (ro.format == DiagFormat::Json || ro.format == DiagFormat::Sarif) {
    std::cout << text;
  } else {
    std::cerr << text;
  }
  if (io_error) return kExitUsage;
  return has_error(list) ? kExitErrors : kExitClean;
}

/// Parses `--param NAME=VALUE` arguments into `o.project`; false (and a message) on a
/// malformed one.
bool parse_params(DiagOptions& o) {
  for (const std::string& p : o.params) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      print_error("--param expects NAME=VALUE, not '" + p + "'");
      return false;
    }
    o.project.params.push_back(ParamSetting{p.substr(0, eq), p.substr(eq + 1), {}});
  }
  return true;
}

int cmd_check(const std::vector<std::string>& files, uint64_t max_instances, DiagOptions& o) {
  if (!parse_params(o)) return kExitUsage;
  SourceManager sources;
  std::vector<Diagnostic> reported;
  bool io_error = false;
  for (const std::string& spec : check_units(files, o.project)) {
    DiagnosticEngine diags;
    ir::Module module;
    const auto first = static_cast<FileId>(sources.size());
    LoadStatus status = load_spec(spec, sources, module, diags);
    const auto end = static_cast<FileId>(sources.size());
    RunSettings settings;
    if (status == LoadStatus::IoError) {
      io_error = true;
    } else {
      if (!resolve_run_settings(spec, o.project, sources, diags, settings)) return kExitUsage;
      PlanOptions options;
      options.params = settings.params;
      options.max_instances = max_instances;
      // Diagnostics only: commands are evaluated for their errors, not kept.
      options.keep_commands = false;
      analyze_module(module, options, diags);
    }
    diags.sort_by_location();
    std::vector<Diagnostic> list =
        reported_diagnostics(diags, sources, first, end, {&settings.levels, o.remarks});
    reported.insert(reported.end(), list.begin(), list.end());
  }
  return finish(reported, sources, o, io_error);
}

/// `--op`, `--batch`, `--services` and `--hosts`: which operation `plan`, `compile` and `graph`
/// build (none: the deploy).
struct OperationOptions {
  std::string op;
  std::string batch;  ///< `N` or `P%`
  std::vector<std::string> services, hosts;
};

void add_operation_options(CLI::App* cmd, OperationOptions& o) {
  cmd->add_option("--op", o.op,
                  "build this operation instead of the deploy: teardown, or a rolling one "
                  "(restart, update, ...)");
  cmd->add_option("--batch", o.batch,
                  "rolling operations: members of a group per batch, N or P% (default 1)");
  cmd->add_option("--services", o.services, "rolling operations: only these services")
      ->delimiter(',');
  cmd->add_option("--hosts", o.hosts, "rolling operations: only on these hosts or groups")
      ->delimiter(',');
}

/// Copies the operation options into `plan`; false (reported) on a usage error.
bool apply_operation_options(const OperationOptions& o, PlanOptions& plan) {
  if (o.op.empty() && (!o.batch.empty() || !o.services.empty() || !o.hosts.empty())) {
    print_error("--batch, --services and --hosts need --op");
    return false;
  }
  plan.operation = o.op;
  plan.services = o.services;
  plan.hosts = o.hosts;
  if (o.batch.empty()) return true;
  std::string digits = o.batch;
  plan.batch_percent = !digits.empty() && digits.back() == '%';
  if (plan.batch_percent) digits.pop_back();
  bool ok = !digits.empty() && digits.size() <= 9 &&
            digits.find_first_not_of("0123456789") == std::string::npos;
  if (ok) plan.batch = std::stoull(digits);
  if (!ok || plan.batch == 0 || (plan.batch_percent && plan.batch > 100)) {
    print_error("--batch needs a count from 1 or a percentage from 1% to 100%, not '" + o.batch +
                "'");
    return false;
  }
  return true;
}

/// What `compile` and `graph` take from the command line.
struct CompileOptions {
  std::string file;
  std::string target;
  std::string output;                    ///< "" or "-": standard output
  CLI::Option* output_option = nullptr;  ///< to tell `-o ""` from no -o
  uint64_t max_instances = 100000;
  bool time_passes = false;
  BackendOptions backend;
  DiagOptions diag;
  CLI::Option* focus = nullptr;  ///< to tell whether the diagram options were given
  CLI::Option* depth = nullptr;
  CLI::Option* rankdir = nullptr;
  OperationOptions operation;
};

/// The options of `compile` and `graph` other than the target; `graph` has no --target.
void add_compile_options(CLI::App* cmd, CompileOptions& o) {
  cmd->add_option("file", o.file, "the spec ('-' for standard input)")->required();
  o.output_option = cmd->add_option(
      "-o,--output", o.output,
      "output file, or directory for a multi-file target ('-' or none: standard output)");
  add_max_instances_option(cmd, o.max_instances);
  o.focus = cmd->add_option("--focus", o.backend.focus,
                            "diagrams: only this service or instance and its neighbours");
  o.depth = cmd->add_option("--depth", o.backend.focus_depth,
                            "diagrams: how many edges away from --focus to draw")
                ->check(CLI::Range(0, 1000000))
                ->capture_default_str();
  o.rankdir = cmd->add_option("--rankdir", o.backend.rankdir, "diagrams: direction of the layout")
                  ->check(CLI::IsMember({"TB", "LR", "BT", "RL"}))
                  ->capture_default_str();
  cmd->add_flag("--time-passes", o.time_passes,
                "print the wall time of each pass and of the backend to standard error");
  add_operation_options(cmd, o.operation);
  add_diag_options(cmd, o.diag, "--diag-format");
}

/// Prints diagnostics to standard error, whatever their format: standard output may carry the
/// compiled plan. Returns true when they make the run fail.
bool report_to_stderr(const std::vector<Diagnostic>& reported, const SourceManager& sources,
                      const DiagOptions& o) {
  std::vector<Diagnostic> list = unique_diagnostics(reported, sources, o);
  if (!list.empty()) std::cerr << render_diagnostics(list, sources, render_options(o));
  return has_error(list);
}

/// True when every error reports a cycle that could not be split.
bool only_cycle_errors(const DiagnosticEngine& diags) {
  for (const Diagnostic& d : diags.diagnostics()) {
    if (d.severity == Severity::Error && d.kind != DiagKind::Deadlock &&
        d.kind != DiagKind::SplitImpossible)
      return false;
  }
  return true;
}

/// A spec loaded and planned, its diagnostics printed.
struct Planned {
  SourceManager sources;
  DiagnosticEngine diags;
  ir::Module module;
  std::optional<plan::Plan> plan;
  bool failed = false;  ///< the diagnostics make the run fail
};

/// A Planned that is never freed. A large spec's IR and plan are millions of small blocks, and
/// freeing them one by one just before the process exits took a tenth of `plan`'s time; the
/// pointer stays reachable, so leak checkers do not count it.
std::vector<std::unique_ptr<Planned>>& kept_planned() {
  static auto* kept = new std::vector<std::unique_ptr<Planned>>;
  return *kept;
}

Planned& unfreed_planned() {
  kept_planned().push_back(std::make_unique<Planned>());
  return *kept_planned().back();
}

/// Loads `file` and builds its plan: what `plan`, `compile` and `graph` share. Returns false
/// on a usage error: the file cannot be read, or the command line's settings are wrong
/// (already reported).
bool load_and_plan(const std::string& file, PlanOptions& options, const DiagOptions& diag,
                   Planned& out) {
  PassTimer timer(options.time_passes);
  LoadStatus status = load_spec(file, out.sources, out.module, out.diags);
  const auto end = static_cast<FileId>(out.sources.size());
  RunSettings settings;
  if (status == LoadStatus::IoError) {
    out.diags.sort_by_location();
    report_to_stderr(reported_diagnostics(out.diags, out.sources, 0, end, {}), out.sources, diag);
    return false;
  }
  if (options.time_passes) {
    size_t bytes = 0;
    for (size_t i = 0; i < out.sources.size(); ++i)
      bytes += out.sources.file(static_cast<FileId>(i)).text.size();
    timer.lap("parse", bytes, "bytes");
  }
  if (!resolve_run_settings(file, diag.project, out.sources, out.diags, settings)) return false;
  options.params = settings.params;
  out.plan = build_plan(out.module, options, out.diags);
  out.diags.sort_by_location();
  out.failed = report_to_stderr(
      reported_diagnostics(out.diags, out.sources, 0, end, {&settings.levels, diag.remarks}),
      out.sources, diag);
  return true;
}

/// What writing to `path` would write over among the files the spec was read from ("the spec",
/// or "'common.baton', which the spec imports"), or "" when it is none of them.
std::string input_written_over(const std::string& path, const SourceManager& sources) {
  for (size_t i = 0; i < sources.size(); ++i) {
    const SourceFile& f = sources.file(static_cast<FileId>(i));
    if (f.canonical.empty() || !is_same_file(path, f.canonical)) continue;
    return i == 0 ? "the spec" : "'" + f.display_name + "', which the spec imports";
  }
  return "";
}

/// `baton compile` and `baton graph`: build the plan, run one backend, write its files.
int cmd_compile(CompileOptions& o) {
  const Backend* backend = find_backend(o.target);
  if (backend == nullptr) {
    print_error("unknown target '" + o.target + "'");
    return kExitUsage;
  }
  const bool diagram = o.target == "dot" || o.target == "mermaid";
  if (o.output_option->count() > 0 && o.output.empty()) {
    print_error("-o needs a path ('-' for standard output)");
    return kExitUsage;
  }
  const bool to_stdout = o.output.empty() || o.output == "-";
  if (!backend->single_file && to_stdout) {
    print_error("the " + o.target + " target writes a directory: name it with -o DIR");
    return kExitUsage;
  }
  if (!diagram && (o.focus->count() > 0 || o.depth->count() > 0 || o.rankdir->count() > 0)) {
    print_error("--focus, --depth and --rankdir apply to the dot and mermaid targets only");
    return kExitUsage;
  }
  if (!parse_params(o.diag)) return kExitUsage;
  PlanOptions plan_options;
  plan_options.max_instances = o.max_instances;
  plan_options.time_passes = o.time_passes;
  // A diagram of a deadlocked spec shows the cycle; the run still fails.
  plan_options.allow_deadlock = diagram;
  // Diagrams draw steps and edges, never commands.
  plan_options.keep_commands = !diagram;
  if (!apply_operation_options(o.operation, plan_options)) return kExitUsage;

  Planned& p = unfreed_planned();
  if (!load_and_plan(o.file, plan_options, o.diag, p)) return kExitUsage;
  if (!p.plan) {
    if (!p.diags.has_errors()) print_error("internal error: no plan and no diagnostic");
    return kExitErrors;
  }
  // A failed run writes nothing, except the diagram of a plan whose only errors are the cycles
  // it draws in red: a diagram of a spec broken otherwise would mislead.
  bool draw_cycles = diagram && !p.plan->deadlocks.empty() && only_cycle_errors(p.diags);
  if (p.failed && !draw_cycles) return kExitErrors;

  PassTimer timer(o.time_passes);
  std::vector<OutputFile> files;
  std::string err;
  if (!backend->emit(*p.plan, o.backend, files, &err)) {
    print_error(err);
    return kExitUsage;
  }
  if (o.time_passes) {
    size_t bytes = 0;
    for (const OutputFile& f : files) bytes += f.content.size();
    timer.lap(o.target.c_str(), bytes, "bytes");
  }
  bool written = true;
  if (!backend->single_file) {
    written = write_directory_atomically(o.output, files, &err);
  } else if (to_stdout) {
    std::cout << files.front().content << std::flush;
    written = static_cast<bool>(std::cout);
    if (!written) err = "cannot write to standard output";
  } else {
    // `-o DIR/` or an existing directory: the target's own file name inside it.
    std::string path = o.output;
    std::error_code ec;
    if (path.back() == '/' || std::filesystem::is_directory(path, ec))
      path = (std::filesystem::path(path) / files.front().path).string();
    if (std::string input = input_written_over(path, p.sources); !input.empty()) {
      print_error("-o '" + path + "' is " + input + ": choose another output file");
      return kExitUsage;
    }
    written = write_output_file(path, files.front().content, files.front().executable, &err);
  }
  if (!written) {
    print_error(err);
    return kExitUsage;
  }
  timer.lap("write");
  return p.failed ? kExitErrors : kExitClean;
}

/// What `plan` takes from the command line.
struct PlanCommandOptions {
  std::string file;
  std::string format = "text";
  uint64_t max_instances = 100000;
  bool time_passes = false;
  DiagOptions diag;
  OperationOptions operation;
};

/// `baton plan`: the ordered plan as text (or JSON) on standard output.
int cmd_plan(PlanCommandOptions& o) {
  if (!parse_params(o.diag)) return kExitUsage;
  PlanOptions plan_options;
  plan_options.max_instances = o.max_instances;
  plan_options.time_passes = o.time_passes;
  // The text plan shows steps and waits, not commands; the JSON plan has them.
  plan_options.keep_commands = o.format == "json";
  if (!apply_operation_options(o.operation, plan_options)) return kExitUsage;
  Planned& p = unfreed_planned();
  if (!load_and_plan(o.file, plan_options, o.diag, p)) return kExitUsage;
  if (!p.plan || p.failed) return kExitErrors;
  PassTimer timer(o.time_passes);
  if (o.format == "json") {
    std::vector<OutputFile> files;
    std::string err;
    if (!emit_json(*p.plan, BackendOptions{}, files, &err)) {
      print_error(err);
      return kExitUsage;
    }
    std::cout << files.front().content;
  } else {
    std::cout << render_plan_text(*p.plan, o.file == "-" ? "<stdin>" : o.file);
  }
  std::cout << std::flush;
  timer.lap("render");
  return std::cout ? kExitClean : kExitUsage;
}

/// `baton dump-ir`: the IR as the front end built it (compiler/ir/ir_dump.h) on standard output,
/// the front end's diagnostics on standard error; printed even when the spec has errors, since
/// what recovery made of them is what one debugs.
int cmd_dump_ir(const std::string& file) {
  SourceManager sources;
  DiagnosticEngine diags;
  ir::Module module;
  bool readable = load_spec(file, sources, module, diags) != LoadStatus::IoError;
  diags.sort_by_location();
  bool failed = report_to_stderr(diags.diagnostics(), sources, DiagOptions{});
  if (!readable) return kExitUsage;
  std::cout << ir::dump_ir(module, sources) << std::flush;
  if (!std::cout) return kExitUsage;
  return failed ? kExitErrors : kExitClean;
}

/// `baton explain [CODE]`: the catalogue entry of one code, or the list of every code.
int cmd_explain(const std::string& word) {
  if (word.empty()) {
    std::cout << catalogue_index() << std::flush;
    return kExitClean;
  }
  if (const DiagKindInfo* kind = find_diag_kind(word)) {
    std::cout << catalogue_entry(*kind) << "\n" << std::flush;
    return kExitClean;
  }
  std::string near = closest_name(word, diag_kind_words());
  print_error("no diagnostic is called '" + word + "'" +
              (near.empty() ? "" : ", did you mean '" + near + "'?"));
  std::cerr << "run 'baton explain' for the list of codes\n";
  return kExitUsage;
}

struct Command {
  const char* name;
  const char* description;
};

const Command kCommands[] = {
    {"check", "check specs and report diagnostics"},
    {"plan", "print the ordered plan: steps, hosts, levels, what each waits for"},
    {"compile", "compile a spec to a shell script, an Ansible playbook, a diagram or JSON"},
    {"graph", "draw a spec's plan as a diagram (dot, or mermaid with --format mermaid)"},
    {"explain", "print the catalogue entry of a diagnostic code (offline)"},
    {"help", "show help for baton or one command"},
    {"fmt", "rewrite specs in the canonical layout (or --check, --diff, --verify)"},
    {"dump-ir", "print the IR of a spec as the front end built it (for debugging baton)"},
    {"lsp", "serve an editor: the Language Server Protocol on standard input and output"},
};

/// The one-line description of a command, from kCommands.
const char* description_of(const std::string& name) {
  for (const Command& c : kCommands)
    if (name == c.name) return c.description;
  return "";
}

}  // namespace

void release_kept_plans() {
  kept_planned().clear();
}

int run_driver(int argc, char** argv) {
  CLI::App app{"baton: a static analyzer and plan compiler for deployments", "baton"};
  app.set_version_flag("--version", std::string("baton ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);

  if (argc < 2) {
    std::cerr << "baton: no command given\nrun 'baton help' for the list of commands\n";
    return kExitUsage;
  }
  // An unknown command gets a suggestion before CLI11 sees it.
  if (argc > 1 && argv[1][0] != '-') {
    std::string word = argv[1];
    std::vector<std::string> names;
    for (const Command& c : kCommands) names.push_back(c.name);
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      std::string near = closest_name(word, names);
      std::cerr << "baton: unknown command '" << printable_text(word) << "'"
                << (near.empty() ? "" : ", did you mean '" + near + "'?") << "\n"
                << "run 'baton help' for the list of commands\n";
      return kExitUsage;
    }
  }

  // `--param=` (nothing after the '='): CLI11 would take it as an option given no value and
  // use the next argument, the spec's path, as its value. Refuse it by name.
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg.size() > 3 && arg.substr(0, 2) == "--" && arg.back() == '=' &&
        arg.find('=') == arg.size() - 1) {
      std::string option(arg.substr(0, arg.size() - 1));
      print_error(option == "--param" ? "--param expects NAME=VALUE, not ''"
                                      : option + "= needs a value after the '='");
      return kExitUsage;
    }
  }

  std::vector<std::string> files;
  uint64_t check_max_instances = PlanOptions{}.max_instances;
  DiagOptions diag_options;
  CLI::App* check = app.add_subcommand("check", description_of("check"));
  check->add_option("files", files, "spec files ('-' for standard input)")->required();
  add_max_instances_option(check, check_max_instances);
  add_diag_options(check, diag_options);

  PlanCommandOptions plan_options;
  CLI::App* plan_cmd = app.add_subcommand("plan", description_of("plan"));
  plan_cmd->add_option("file", plan_options.file, "the spec ('-' for standard input)")->required();
  plan_cmd->add_option("--format", plan_options.format, "text for people, json for tools")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  add_max_instances_option(plan_cmd, plan_options.max_instances);
  plan_cmd->add_flag("--time-passes", plan_options.time_passes,
                     "print each pass's wall time to standard error");
  add_operation_options(plan_cmd, plan_options.operation);
  add_diag_options(plan_cmd, plan_options.diag, "--diag-format");

  CompileOptions compile_options;
  CLI::App* compile = app.add_subcommand("compile", description_of("compile"));
  std::vector<std::string> targets;
  for (const Backend& b : all_backends()) targets.push_back(b.name);
  compile->add_option("-t,--target", compile_options.target, "what to produce")
      ->required()
      ->check(CLI::IsMember(targets));
  add_compile_options(compile, compile_options);

  CompileOptions graph_options;
  graph_options.target = "dot";
  CLI::App* graph = app.add_subcommand("graph", description_of("graph"));
  graph->add_option("--format", graph_options.target, "diagram language")
      ->check(CLI::IsMember({"dot", "mermaid"}))
      ->capture_default_str();
  add_compile_options(graph, graph_options);

  // A debugging aid, left out of `baton help`'s list (the empty group): the IR's text form is
  // no interface and may change in any release.
  std::string dump_ir_file;
  CLI::App* dump_ir_cmd = app.add_subcommand("dump-ir", description_of("dump-ir"))->group("");
  dump_ir_cmd->add_option("file", dump_ir_file, "the spec ('-' for standard input)")->required();

  FmtRequest fmt_request;
  DiagOptions fmt_diag;
  CLI::App* fmt_cmd = app.add_subcommand("fmt", description_of("fmt"));
  fmt_cmd->add_option("files", fmt_request.files, "spec files ('-': standard input to output)")
      ->required();
  fmt_cmd->add_flag("--check", fmt_request.check,
                    "write nothing; list the files that would change (exit status 1)");
  fmt_cmd->add_flag("--diff", fmt_request.diff,
                    "write nothing; print a unified diff of the changes (exit status 1)");
  fmt_cmd->add_flag("--verify", fmt_request.verify,
                    "check that the new layout is stable, keeps every comment and compiles "
                    "to the same IR and plan");
  fmt_cmd->add_option("--diag-format", fmt_diag.format, "diagnostic format")
      ->check(CLI::IsMember({"human", "gcc", "json", "sarif"}))
      ->capture_default_str();
  fmt_cmd->add_option("--color", fmt_diag.color, "colour in human diagnostics")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();

  std::string explain_code;
  CLI::App* explain_cmd = app.add_subcommand("explain", description_of("explain"));
  explain_cmd->add_option("code", explain_code, "a code (E0501) or name (deadlock); none: all");

  LspCommandOptions lsp_options;
  CLI::App* lsp_cmd = app.add_subcommand("lsp", description_of("lsp"));
  lsp_cmd->add_flag("--stdio", "speak on standard input and output (the default; editors pass it)");
  add_max_instances_option(lsp_cmd, lsp_options.max_instances);
  lsp_cmd->add_flag("--remarks", lsp_options.remarks, "also show remarks (how cycles were split)");
  lsp_cmd->add_option("--allow", lsp_options.project.allow, "silence a warning or remark")
      ->allow_extra_args(false);
  lsp_cmd->add_option("--warn", lsp_options.project.warn, "show a warning or remark as a warning")
      ->allow_extra_args(false);
  lsp_cmd->add_option("--deny", lsp_options.project.deny, "make a warning or remark an error")
      ->allow_extra_args(false);
  lsp_cmd->add_option("--config", lsp_options.project.config,
                      "the project file (default: baton.toml found beside each spec or above)");
  lsp_cmd->add_flag("--no-config", lsp_options.project.no_config, "read no baton.toml");
  lsp_cmd->add_option("--env", lsp_options.project.env,
                      "use the params of baton.toml's [env.NAME.params]");

  std::string help_topic;
  CLI::App* help = app.add_subcommand("help", description_of("help"));
  help->add_option("command", help_topic, "command to describe");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e) == 0 ? kExitClean : kExitUsage;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  if (*help) {
    // app.help() would describe the selected subcommand, `help` itself: format baton's own.
    if (help_topic.empty()) {
      std::cout << app.get_formatter()->make_help(&app, "baton", CLI::AppFormatMode::Normal);
      return kExitClean;
    }
    std::vector<std::string> names;
    for (CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == help_topic) {
        std::cout << sub->help("baton");
        return kExitClean;
      }
      names.push_back(sub->get_name());
    }
    std::string near = closest_name(help_topic, names);
    std::cerr << "baton: no command '" << printable_text(help_topic) << "'"
              << (near.empty() ? "" : ", did you mean '" + near + "'?") << "\n"
              << "run 'baton help' for the list of commands\n";
    return kExitUsage;
  }
  if (*explain_cmd) return cmd_explain(explain_code);
  if (*check) return cmd_check(files, check_max_instances, diag_options);
  if (*plan_cmd) return cmd_plan(plan_options);
  if (*compile) return cmd_compile(compile_options);
  if (*graph) return cmd_compile(graph_options);
  if (*dump_ir_cmd) return cmd_dump_ir(dump_ir_file);
  if (*fmt_cmd) return run_fmt(fmt_request, render_options(fmt_diag));
  if (*lsp_cmd) return cmd_lsp(lsp_options);
  return kExitUsage;
}

}  // namespace baton
