// Failure handlers that read a capture: a handler that only `failed` events trigger runs after
// an action failed, when some captures can never have been taken.
#pragma once

#include <vector>

#include "analyses/cycles.h"

namespace baton {

/// Reports (E0504) each handler that is a step (`is_step`), is triggered only by `failed`
/// events, and reads a captured output that is not taken before every emitter that triggers
/// it: the one that failed never reached the capture. Needs cycles.capture_step.
void check_failure_handlers(const ir::Module& module, const Instances& instances,
                            const ActionGraph& g, const CycleResult& cycles,
                            const std::vector<bool>& is_step, DiagnosticEngine& diags);

}  // namespace baton
