// The analysis pipeline: resolve names, bind params, expand groups, build the action graph,
// split cycles, schedule. `check` and `plan` run the same passes; only `plan` requires every
// param to have a value.
#include "analyses/pipeline.h"

#include "analyses/action_graph.h"
#include "analyses/assumed_sizes.h"
#include "analyses/cycles.h"
#include "analyses/evaluate.h"
#include "analyses/expand.h"
#include "analyses/operation_plan.h"
#include "analyses/params.h"
#include "analyses/resolve.h"
#include "analyses/schedule.h"
#include "analyses/unused_declarations.h"
#include "compiler/base/pass_timer.h"

namespace baton {

namespace {

std::optional<plan::Plan> run_passes(const ir::Module& module, const PlanOptions& options,
                                     bool require_params, DiagnosticEngine& diags,
                                     DiagnosticEngine& unused) {
  PassTimer timer(options.time_passes);
  Resolution names = resolve_names(module, diags);
  check_operation_clauses(module, diags);
  timer.lap("resolve", module.exprs.size(), "expressions");
  // Reported only for a spec without errors (below): a declaration an erroneous one reads,
  // or one that an error stops a pass from reaching, is no second mistake.
  report_unused_declarations(module, names, unused);
  Evaluator eval(module, names, diags, bind_params(module, names, options.params, diags));
  if (require_params) report_missing_params(module, eval, diags);
  for (uint32_t p = 0; p < module.params.size(); ++p) eval.param_value(ir::ParamId{p});
  Instances instances = expand_instances(module, names, eval, options.max_instances, diags);
  eval.set_instances(&instances);
  timer.lap("expand", instances.services.size(), "service instances");
  // For an operation, the deploy's plan gives only the order: its commands are not kept.
  ActionGraph graph = build_action_graph(module, names, eval, instances, diags,
                                         options.keep_commands && options.operation.empty());
  eval.release_instance_values();
  timer.lap("graph", graph.edges.size(), "edges");
  // With a group of unknown size, one representative member stands for all: good enough to
  // type-check every expression, not to decide which cycles exist.
  if (!instances.all_sizes_known) {
    if (!require_params) {
      check_cycles_at_assumed_sizes(module, names, options, instances, diags);
      timer.lap("cycles");
    }
    return std::nullopt;
  }
  CycleResult cycles = split_cycles(module, instances, graph, diags);
  timer.lap("cycles", cycles.splits.size(), "splits");
  if (diags.has_errors() && !options.allow_deadlock) return std::nullopt;
  plan::Plan plan = schedule_plan(module, eval, instances, graph, cycles, diags);
  timer.lap("schedule", plan.steps.size(), "steps");
  if (diags.has_errors() && !options.allow_deadlock) return std::nullopt;
  if (!options.operation.empty()) {
    if (diags.has_errors()) return std::nullopt;
    std::optional<plan::Plan> op = build_operation_plan(module, instances, plan, options, diags);
    timer.lap("operation", op ? op->steps.size() : 0, "steps");
    return op;
  }
  return plan;
}

/// Runs the passes; the unused declarations (W0202-W0206) join `diags` when it has no error.
std::optional<plan::Plan> run_all(const ir::Module& module, const PlanOptions& options,
                                  bool require_params, DiagnosticEngine& diags) {
  DiagnosticEngine unused;
  std::optional<plan::Plan> plan = run_passes(module, options, require_params, diags, unused);
  if (!diags.has_errors()) diags.append(unused);
  return plan;
}

}  // namespace

std::optional<plan::Plan> build_plan(const ir::Module& module, const PlanOptions& options,
                                     DiagnosticEngine& diags) {
  std::optional<plan::Plan> plan = run_all(module, options, true, diags);
  // The deploy's plan is refused for what `check` refuses: an operation's broken action too.
  if (plan && options.operation.empty() && !diags.has_errors()) {
    check_operations(module, options, diags);
    if (diags.has_errors()) return std::nullopt;
  }
  return plan;
}

void analyze_module(const ir::Module& module, const PlanOptions& options, DiagnosticEngine& diags) {
  run_all(module, options, false, diags);
  // An operation's actions are checked once the deploy is clean: their errors are their own.
  if (!diags.has_errors()) check_operations(module, options, diags);
}

}  // namespace baton
