// Suppression comments: `# baton: ignore[W0201, R0501] reason` silences warnings and remarks
// on the line it ends, or, on a line of its own, in the statement that follows it (with its
// block). Found by a scan that knows where strings and comments are, matched against the
// diagnostics of a run, and reported when they silenced nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"

namespace baton {

/// One code (or name) inside `ignore[...]`.
struct SuppressedRule {
  DiagKind kind;
  SourceRange range;  ///< the code as written, for "matched no diagnostic"
  bool used = false;
};

/// One `# baton: ignore[...]` comment and the lines whose diagnostics it silences.
struct Suppression {
  FileId file = kNoFile;
  uint32_t first_line = 0, last_line = 0;  ///< 0: followed by no statement, silences nothing
  std::vector<SuppressedRule> rules;
};

class SuppressionSet {
 public:
  /// Scans files [first, end) of `sources` for suppression comments; a malformed one (an
  /// unknown code, an error's code, no closing ']') is reported in `diags` as W0002.
  static SuppressionSet scan(const SourceManager& sources, FileId first, FileId end,
                             DiagnosticEngine& diags);

  /// Removes from `list` every warning and remark that a suppression covers, marking it used.
  /// Errors are never silenced.
  void apply(std::vector<Diagnostic>& list);

  /// Reports W0001 for each code that silenced nothing.
  void report_unused(DiagnosticEngine& diags) const;

  bool empty() const { return suppressions_.empty(); }

 private:
  std::vector<Suppression> suppressions_;
};

}  // namespace baton
