// build_plan: resolve, evaluate, expand, build the action graph, split cycles, schedule.
#include "analyses/pipeline.h"

#include "analyses/resolve.h"

namespace baton {

std::optional<plan::Plan> build_plan(const ir::Module& module, const PlanOptions&,
                                     DiagnosticEngine& diags) {
  Resolution names = resolve_names(module, diags);
  (void)names;
  return std::nullopt;  // being written: expansion and scheduling
}

}  // namespace baton
