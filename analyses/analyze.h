// The analysis pipeline as `baton check` runs it: every pass, with params allowed to lack values.
#pragma once

#include "analyses/pipeline.h"
#include "compiler/diagnostics.h"
#include "compiler/ir.h"

namespace baton {

/// Runs every analysis over `module`, reporting into `diags`. Params with no value are not
/// errors here; when a group's size depends on one, cycles are not analysed (one
/// representative member stands for the group, enough to check every expression's types).
void analyze_module(const ir::Module& module, const PlanOptions& options, DiagnosticEngine& diags);

}  // namespace baton
