// Scheduling: levels by longest path over a topological order, ties broken by declaration
// order, and the plan that backends read.
#pragma once

#include "analyses/cycles.h"

namespace baton {

/// Builds the plan from the (split) action graph. With deadlocks, steps keep node order, all at
/// level 0, and Plan::deadlocks holds the cycles (for diagrams only).
plan::Plan schedule_plan(const ir::Module& module, Evaluator& eval, const Instances& instances,
                         ActionGraph& g, CycleResult& cycles, DiagnosticEngine& diags);

}  // namespace baton
