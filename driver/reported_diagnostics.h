// What the user sees of one spec's diagnostics: suppression comments applied (and reported when
// they silenced nothing), rule levels applied, remarks hidden unless asked for.
#pragma once

#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "driver/lint_levels.h"

namespace baton {

struct ReportPolicy {
  const LintLevels* levels = nullptr;
  bool remarks = false;  ///< show remarks (--remarks)
};

/// `diags` holds the diagnostics of one spec whose files are [first_file, end_file) of `sources`
/// (other files, such as baton.toml, hold no suppressions). Unused suppressions are reported
/// only when the spec had no error: analyses that stop at an error would make every later
/// suppression look unused.
std::vector<Diagnostic> reported_diagnostics(const DiagnosticEngine& diags,
                                             const SourceManager& sources, FileId first_file,
                                             FileId end_file, const ReportPolicy& policy);

}  // namespace baton
