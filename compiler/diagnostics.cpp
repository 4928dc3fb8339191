// The diagnostic registry, the collecting engine and "did you mean" suggestions.
#include "compiler/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace baton {

const std::vector<DiagKindInfo>& all_diag_kinds() {
  static const std::vector<DiagKindInfo> kinds = {
#define BATON_DIAG(Enum, Code, Name, Sev, Doc) {DiagKind::Enum, Code, Name, Severity::Sev, Doc},
#include "compiler/diagnostic_kinds.def"
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

namespace {

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
/// of adjacent characters each cost 1 (so `wbe` is one step from `web`).
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  // Like rustc: suggest only when the distance is at most a third of the name's length (at
  // least 1 from two characters on), so that `x` never suggests `y`; ties go to the first
  // candidate given.
  if (name.size() < 2) return "";
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (c == name) continue;
    size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace baton
