// The diagnostics catalogue, as `baton explain` prints it.
#include "driver/explain.h"

#include <fmt/core.h>

#include <algorithm>

namespace baton {

/// docs/diagnostics.md, embedded at build time (cmake/embed_text.cmake).
extern const std::string_view kDiagnosticsDoc;

std::string_view catalogue_entry(const DiagKindInfo& kind) {
  const std::string_view doc = kDiagnosticsDoc;
  const std::string heading = fmt::format("### {} {}\n", kind.code, kind.name);
  size_t start = doc.find("\n" + heading);
  if (start == std::string_view::npos) return {};
  ++start;
  size_t end = doc.size();
  for (std::string_view next : {"\n### ", "\n## "}) end = std::min(end, doc.find(next, start));
  std::string_view entry = doc.substr(start, end - start);
  while (!entry.empty() && (entry.back() == '\n' || entry.back() == ' ')) entry.remove_suffix(1);
  return entry;
}

std::string catalogue_index() {
  std::string out;
  for (const DiagKindInfo& k : all_diag_kinds())
    out += fmt::format("{} {:<32} {}\n", k.code, k.name, k.description);
  return out;
}

}  // namespace baton
