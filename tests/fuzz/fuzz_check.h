// How a harness reports a broken property: a message on standard error, then abort(), which
// libFuzzer records as a crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace baton::fuzz {

/// Aborts with "baton fuzz: property broken: WHAT" and `detail` (at most 4 KB of it) when
/// `holds` is false.
inline void require(bool holds, const char* what, std::string_view detail = {}) {
  if (holds) return;
  std::fprintf(stderr, "baton fuzz: property broken: %s\n", what);
  if (!detail.empty()) {
    int shown = static_cast<int>(detail.size() < 4096 ? detail.size() : 4096);
    std::fprintf(stderr, "---\n%.*s\n---\n", shown, detail.data());
  }
  std::abort();
}

}  // namespace baton::fuzz
