// What the language server asks of its host: check a spec as `baton check` does, with the
// editor's open documents standing in for the files on disk. The driver implements it, because
// the driver owns the project's settings (baton.toml, rule levels, suppressions).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyses/pipeline.h"
#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontend/loader.h"
#include "compiler/ir/ir.h"

namespace baton::lsp {

/// One spec checked: its files, its IR, and the diagnostics `check` would print for it.
struct CheckedSpec {
  std::string root;  ///< the spec's path, as checked
  SourceManager sources;
  ir::Module module;
  std::vector<Diagnostic> diagnostics;  ///< suppressions and rule levels applied, sorted
  /// The options `plan` would take for this spec (baton.toml's params, --env): the server
  /// builds the plan from them when a hover or an inlay hint needs it.
  PlanOptions plan_options;
};

class SpecChecker {
 public:
  virtual ~SpecChecker() = default;
  /// The specs `check` runs for the file at `path` (the file itself, or the entries of
  /// baton.toml that import it), each checked with `overlay` read instead of the disk.
  virtual std::vector<std::unique_ptr<CheckedSpec>> check(const std::string& path,
                                                          const SourceOverlay& overlay) = 0;
};

}  // namespace baton::lsp
