// Rule levels set on the command line and in baton.toml.
#include "driver/lint_levels.h"

#include <fmt/core.h>

#include <algorithm>

#include "compiler/base/closest_name.h"

namespace baton {

std::string LintLevels::set(std::string_view word, LintLevel level) {
  const DiagKindInfo* k = find_diag_kind(word);
  if (k == nullptr) {
    std::string near = closest_name(word, diag_kind_words(true));
    return fmt::format("no diagnostic is called '{}'{}", word,
                       near.empty() ? "" : fmt::format(", did you mean '{}'?", near));
  }
  if (k->severity == Severity::Error) {
    return fmt::format("{} ({}) is an error: only warnings and remarks have a level", k->code,
                       k->name);
  }
  levels_[k->kind] = level;
  return "";
}

void LintLevels::apply(std::vector<Diagnostic>& list) const {
  if (levels_.empty()) return;
  auto allowed = [&](Diagnostic& d) {
    auto it = levels_.find(d.kind);
    if (it == levels_.end()) return false;
    switch (it->second) {
      case LintLevel::Allow: return true;
      case LintLevel::Warn: d.severity = Severity::Warning; break;
      case LintLevel::Deny: d.severity = Severity::Error; break;
    }
    return false;
  };
  list.erase(std::remove_if(list.begin(), list.end(), allowed), list.end());
}

}  // namespace baton
