// The diagnostic registry and the engine that collects diagnostics.
#include "compiler/diagnostics/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace baton {

const std::vector<DiagKindInfo>& all_diag_kinds() {
  static const std::vector<DiagKindInfo> kinds = {
#define BATON_DIAG(Enum, Code, Name, Sev, Doc) {DiagKind::Enum, Code, Name, Severity::Sev, Doc},
#include "compiler/diagnostics/diagnostic_kinds.def"
#undef BATON_DIAG
  };
  return kinds;
}

const DiagKindInfo& diag_info(DiagKind kind) {
  return all_diag_kinds()[static_cast<size_t>(kind)];
}

Diagnostic& DiagnosticEngine::report(DiagKind kind, SourceRange range, std::string message) {
  diags_.push_back(Diagnostic{kind, diag_info(kind).severity, range, std::move(message), {}, {}});
  return diags_.back();
}

void DiagnosticEngine::append(const DiagnosticEngine& other) {
  diags_.insert(diags_.end(), other.diags_.begin(), other.diags_.end());
}

size_t DiagnosticEngine::error_count() const {
  return std::count_if(diags_.begin(), diags_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t DiagnosticEngine::warning_count() const {
  return std::count_if(diags_.begin(), diags_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Warning; });
}

void DiagnosticEngine::sort_by_location() {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    // Diagnostics without a place (command line, I/O) come first.
    auto key = [](const Diagnostic& d) {
      return std::tuple<uint64_t, uint32_t, uint32_t>(
          d.range.valid() ? uint64_t(d.range.file) + 1 : 0, d.range.line, d.range.col);
    };
    return key(a) < key(b);
  });
}

}  // namespace baton
