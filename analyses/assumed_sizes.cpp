// Cycles under `check` when a group's size is unknown. One representative member type-checks
// every expression but cannot show a cycle between members, and the cycle pass needs real
// sizes; so the graph is built again at the smallest sizes the spec allows, without commands.
#include "analyses/assumed_sizes.h"

#include <fmt/format.h>

#include <set>
#include <string>

#include "analyses/action_graph.h"
#include "analyses/cycles.h"
#include "analyses/expand.h"
#include "analyses/params.h"

namespace baton {

void check_cycles_at_assumed_sizes(const ir::Module& module, const Resolution& names,
                                   const PlanOptions& options, const Instances& unsized,
                                   DiagnosticEngine& diags) {
  std::set<std::string> reported;
  for (int64_t extra = 0; extra < 2; ++extra) {
    DiagnosticEngine local;
    Evaluator eval(module, names, local, bind_params(module, names, options.params, local));
    for (uint32_t p = 0; p < module.params.size(); ++p) eval.param_value(ir::ParamId{p});
    Instances instances =
        expand_instances(module, names, eval, options.max_instances, local, extra);
    if (!instances.all_sizes_known) return;
    eval.set_instances(&instances);
    ActionGraph graph = build_action_graph(module, names, eval, instances, local, false);
    eval.release_instance_values();
    split_cycles(module, instances, graph, local);
    for (const Diagnostic& d : local.diagnostics()) {
      if (d.kind != DiagKind::Deadlock && d.kind != DiagKind::SplitImpossible) continue;
      // One cycle per action at the first size that shows it (members repeat it at the next).
      std::string at = fmt::format("{}:{}:{}", d.range.file, d.range.line, d.range.col);
      if (!reported.insert(at).second) continue;
      Diagnostic& out = diags.report(d.kind, d.range, d.message);
      out.notes = d.notes;
      for (uint32_t h = 0; h < module.hosts.size(); ++h) {
        if (!module.hosts[h].is_group() || unsized.group_size[h] >= 0) continue;
        int64_t n = instances.group_size[h];
        out.notes.push_back(
            {module.expr(module.hosts[h].count).range,
             fmt::format("found with '{}' at {} member{}{}: its size has no value here, so cycles "
                         "are analysed at the smallest sizes",
                         module.hosts[h].name, n, n == 1 ? "" : "s",
                         extra == 0 ? ", the fewest it may have" : "")});
      }
      out.help = d.help;
    }
  }
}

}  // namespace baton
