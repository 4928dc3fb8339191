// Rule levels: --allow, --warn and --deny (and baton.toml's [lint]) raise a warning or a remark
// to an error, lower it to nothing, or make it a warning. Errors keep their level.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"

namespace baton {

enum class LintLevel { Allow, Warn, Deny };

class LintLevels {
 public:
  /// Sets the level of the kind `word` names (a code, any case, or a name). Returns "" or why
  /// the word cannot be set: an unknown code (with a suggestion), or an error's code.
  std::string set(std::string_view word, LintLevel level);

  /// Drops allowed diagnostics, and gives the others the severity their level calls for.
  void apply(std::vector<Diagnostic>& list) const;

 private:
  std::map<DiagKind, LintLevel> levels_;
};

}  // namespace baton
