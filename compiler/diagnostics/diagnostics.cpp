// The diagnostic registry and the engine that collects diagnostics.
#include "compiler/diagnostics/diagnostics.h"

#include <algorithm>
#include <cctype>
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

const DiagKindInfo* find_diag_kind(std::string_view word) {
  auto same_code = [&](std::string_view code) {
    return code.size() == word.size() &&
           std::equal(word.begin(), word.end(), code.begin(), [](char a, char b) {
             return std::toupper(static_cast<unsigned char>(a)) == b;
           });
  };
  for (const DiagKindInfo& k : all_diag_kinds())
    if (k.name == word || same_code(k.code)) return &k;
  return nullptr;
}

std::vector<std::string> diag_kind_words(bool without_errors) {
  std::vector<std::string> words;
  for (const DiagKindInfo& k : all_diag_kinds()) {
    if (without_errors && k.severity == Severity::Error) continue;
    words.emplace_back(k.code);
    words.emplace_back(k.name);
  }
  return words;
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

void sort_by_location(std::vector<Diagnostic>& list) {
  std::stable_sort(list.begin(), list.end(), [](const Diagnostic& a, const Diagnostic& b) {
    auto key = [](const Diagnostic& d) {
      return std::tuple<uint64_t, uint32_t, uint32_t>(
          d.range.valid() ? uint64_t(d.range.file) + 1 : 0, d.range.line, d.range.col);
    };
    return key(a) < key(b);
  });
}

void DiagnosticEngine::sort_by_location() {
  baton::sort_by_location(diags_);
}

}  // namespace baton
