// The driver: parses the command line (CLI11), runs the pipeline and renders diagnostics.
#include "compiler/driver.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <set>
#include <tuple>

#include "analyses/analyze.h"
#include "compiler/diagnostic_render.h"
#include "compiler/loader.h"
#include "compiler/version.h"

namespace baton {
namespace {

/// Options shared by every subcommand that reports diagnostics.
struct DiagOptions {
  std::string format = "human";
  std::string color = "auto";
  bool werror = false;
};

void add_diag_options(CLI::App* cmd, DiagOptions& o) {
  cmd->add_option("--format", o.format, "diagnostic format")
      ->check(CLI::IsMember({"human", "gcc", "json", "sarif"}))
      ->capture_default_str();
  cmd->add_option("--color", o.color, "colour in human diagnostics")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_flag("--werror", o.werror, "treat warnings as errors");
}

RenderOptions render_options(const DiagOptions& o) {
  RenderOptions r;
  r.format = o.format == "gcc" ? DiagFormat::Gcc
             : o.format == "json" ? DiagFormat::Json
             : o.format == "sarif" ? DiagFormat::Sarif
                                   : DiagFormat::Human;
  bool tty = isatty(STDERR_FILENO) != 0;
  const char* no_color = std::getenv("NO_COLOR");
  r.color = o.color == "always" || (o.color == "auto" && tty && !(no_color && *no_color));
  return r;
}

/// Drops repeats of the same diagnostic (a file imported by two roots is checked twice).
std::vector<Diagnostic> unique_diagnostics(const std::vector<Diagnostic>& all, const SourceManager& sm) {
  std::set<std::tuple<std::string, uint32_t, uint32_t, int, std::string>> seen;
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : all) {
    std::string file = d.range.valid() ? sm.file(d.range.file).display_name : "";
    if (seen.emplace(file, d.range.line, d.range.col, static_cast<int>(d.kind), d.message).second)
      out.push_back(d);
  }
  return out;
}

/// Prints the diagnostics and returns the exit status they call for.
int finish(DiagnosticEngine& diags, const SourceManager& sources, const DiagOptions& o, bool io_error) {
  std::vector<Diagnostic> list = unique_diagnostics(diags.diagnostics(), sources);
  RenderOptions ro = render_options(o);
  std::string text = render_diagnostics(list, sources, ro);
  if (ro.format == DiagFormat::Json || ro.format == DiagFormat::Sarif) std::cout << text;
  else std::cerr << text;
  if (io_error) return kExitUsage;
  bool failed = diags.has_errors() || (o.werror && diags.warning_count() > 0);
  return failed ? kExitErrors : kExitClean;
}

int cmd_check(const std::vector<std::string>& files, const DiagOptions& o) {
  SourceManager sources;
  DiagnosticEngine diags;
  bool io_error = false;
  for (const std::string& file : files) {
    DiagnosticEngine file_diags;
    ir::Module module;
    if (load_spec(file, sources, module, file_diags) == LoadStatus::IoError) io_error = true;
    else analyze_module(module, file_diags);
    file_diags.sort_by_location();
    diags.append(file_diags);
  }
  return finish(diags, sources, o, io_error);
}

struct Command {
  const char* name;
  const char* description;
};

const Command kCommands[] = {
    {"check", "check specs and report diagnostics"},
    {"help", "show help for baton or one command"},
};

}  // namespace

int run_driver(int argc, char** argv) {
  CLI::App app{"baton: a static analyzer and plan compiler for deployments", "baton"};
  app.set_version_flag("--version", std::string("baton ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);

  // An unknown command gets a suggestion before CLI11 sees it.
  if (argc > 1 && argv[1][0] != '-') {
    std::string word = argv[1];
    std::vector<std::string> names;
    for (const Command& c : kCommands) names.push_back(c.name);
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      std::string near = closest_name(word, names);
      std::cerr << "baton: unknown command '" << word << "'"
                << (near.empty() ? "" : ", did you mean '" + near + "'?") << "\n"
                << "run 'baton help' for the list of commands\n";
      return kExitUsage;
    }
  }

  std::vector<std::string> files;
  DiagOptions diag_options;
  CLI::App* check = app.add_subcommand("check", kCommands[0].description);
  check->add_option("files", files, "spec files ('-' for standard input)")->required();
  add_diag_options(check, diag_options);

  std::string help_topic;
  CLI::App* help = app.add_subcommand("help", kCommands[1].description);
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
    if (help_topic.empty()) {
      std::cout << app.help();
      return kExitClean;
    }
    for (CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == help_topic) {
        std::cout << sub->help();
        return kExitClean;
      }
    }
    std::cerr << "baton: no command '" << help_topic << "'\n";
    return kExitUsage;
  }
  if (*check) return cmd_check(files, diag_options);
  return kExitUsage;
}

}  // namespace baton
