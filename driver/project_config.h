// The project configuration, baton.toml: rule levels, entry specs and params per environment,
// found in the spec's directory or the nearest one above it (as ruff finds ruff.toml).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "analyses/param_setting.h"
#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "driver/lint_levels.h"

namespace baton {

/// What baton.toml says. Every place in it is a range into the SourceManager it was read into.
struct ProjectConfig {
  std::filesystem::path file;  ///< "" when the project has none
  LintLevels levels;           ///< [lint] allow, warn, deny
  /// [check] entry: the specs that import the others, absolute; a library file named to
  /// `check` is checked through the entries that import it.
  std::vector<std::filesystem::path> entries;
  std::vector<ParamSetting> params;                               ///< [params]
  std::map<std::string, std::vector<ParamSetting>> environments;  ///< [env.NAME.params]
};

/// The baton.toml that governs `spec` ("-": the working directory): in its directory or the
/// nearest above it; "" when there is none.
std::filesystem::path find_project_config(const std::string& spec);

/// Reads `path` into `out`, the file's text into `sources` so that diagnostics can quote it.
/// Every problem (not TOML, an unknown table or key, a value of the wrong type, an unknown or
/// error code in [lint]) is an E0007 at its place; false when there was one.
bool read_project_config(const std::filesystem::path& path, SourceManager& sources,
                         DiagnosticEngine& diags, ProjectConfig& out);

}  // namespace baton
