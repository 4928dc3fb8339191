// Suppressions, levels and remarks, applied to one spec's diagnostics.
#include "driver/reported_diagnostics.h"

#include <algorithm>

#include "compiler/frontend/suppression_comments.h"

namespace baton {

std::vector<Diagnostic> reported_diagnostics(const DiagnosticEngine& diags,
                                             const SourceManager& sources, FileId first_file,
                                             FileId end_file, const ReportPolicy& policy) {
  DiagnosticEngine comments;
  SuppressionSet suppressions = SuppressionSet::scan(sources, first_file, end_file, comments);
  std::vector<Diagnostic> list = diags.diagnostics();
  suppressions.apply(list);
  if (!diags.has_errors()) suppressions.report_unused(comments);
  if (!comments.diagnostics().empty()) {
    // The comments' diagnostics go where their lines are.
    list.insert(list.end(), comments.diagnostics().begin(), comments.diagnostics().end());
    sort_by_location(list);
  }
  if (policy.levels != nullptr) policy.levels->apply(list);
  if (!policy.remarks) {
    list.erase(std::remove_if(list.begin(), list.end(),
                              [](const Diagnostic& d) { return d.severity == Severity::Remark; }),
               list.end());
  }
  return list;
}

}  // namespace baton
