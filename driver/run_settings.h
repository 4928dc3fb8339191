// The settings of one run of a spec: the project's baton.toml, overridden by the command line
// (--allow/--warn/--deny, --env, --param), and, for `check`, which specs to check.
#pragma once

#include <string>
#include <vector>

#include "analyses/param_setting.h"
#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "driver/lint_levels.h"

namespace baton {

/// What the command line says about the project's settings.
struct ProjectOptions {
  std::string config;      ///< --config FILE; "": baton.toml found upward from the spec
  bool no_config = false;  ///< --no-config: no baton.toml at all
  std::string env;         ///< --env NAME: the params of baton.toml's [env.NAME.params]
  std::vector<std::string> allow, warn, deny;  ///< rule levels, codes or names
  std::vector<ParamSetting> params;            ///< --param, in order
};

struct RunSettings {
  LintLevels levels;
  std::vector<ParamSetting> params;  ///< [params], then [env.NAME.params], then --param
};

/// Reads the baton.toml that governs `spec` (into `sources`; its problems are E0007 in `diags`)
/// and merges the command line over it. Returns false, the reason printed, on a usage error:
/// an unknown or error code in --allow/--warn/--deny, an --env that baton.toml does not have,
/// a --config that cannot be read.
bool resolve_run_settings(const std::string& spec, const ProjectOptions& options,
                          SourceManager& sources, DiagnosticEngine& diags, RunSettings& out);

/// The specs `check` runs for the files it was given: each file itself, except a library file
/// (one that baton.toml's [check] entry specs import, and not an entry itself), which is
/// checked through the entries that import it. Each spec once, in the order first needed.
std::vector<std::string> check_units(const std::vector<std::string>& files,
                                     const ProjectOptions& options);

}  // namespace baton
