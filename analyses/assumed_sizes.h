// `check` with a group whose size is a param without a value: the cycles are analysed at the
// smallest sizes the spec allows, so that a deadlock that plan would report at every size is
// reported by check too.
#pragma once

#include "analyses/evaluate.h"
#include "analyses/pipeline.h"

namespace baton {

/// Runs expansion, the action graph and the cycle pass again with each group of unknown size
/// (in `unsized`, from the first expansion) at max(min, 1) members, then at one more (cycles
/// between members need two). The deadlocks and impossible splits found (E0501, E0502) are
/// reported into `diags`, each once, with a note at each such group saying the size it was
/// analysed at; every other diagnostic of these runs is left out (the first run reported it).
void check_cycles_at_assumed_sizes(const ir::Module& module, const Resolution& names,
                                   const PlanOptions& options, const Instances& unsized,
                                   DiagnosticEngine& diags);

}  // namespace baton
