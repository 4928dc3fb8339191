// `baton lsp`: the language server of lsp/ on standard input and output, checking specs as
// `check` does (baton.toml, rule levels, suppressions).
#pragma once

#include <cstdint>

#include "driver/run_settings.h"

namespace baton {

struct LspCommandOptions {
  ProjectOptions project;  ///< --config, --no-config, --env, --allow/--warn/--deny
  uint64_t max_instances = 100000;
  bool remarks = false;
};

/// Serves one client on standard input and output; returns the exit status (0 after
/// `shutdown` then `exit`, 1 when the client went away without them).
int cmd_lsp(const LspCommandOptions& options);

}  // namespace baton
