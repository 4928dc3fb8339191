// The plan of an operation (`--op NAME`) beside the deploy: a teardown, the deploy's order
// reversed, or a rolling operation, in batches per group that never go below a group's `min`.
// The pass runs after the deploy's schedule and reads its plan; the operation's own actions are
// evaluated by the same passes, over the spec in which they stand for the deploy.
#pragma once

#include <optional>

#include "analyses/instances.h"
#include "analyses/pipeline.h"

namespace baton {

/// `teardown`: the operation whose plan is the deploy's reversed.
inline constexpr const char* kTeardownOperation = "teardown";
/// `health`: the operation a rolling operation runs on each member of a batch before the next.
inline constexpr const char* kHealthOperation = "health";

/// Reports `op` on a handler (E0706: a handler belongs to the deploy's events) and a read of a
/// captured output by an operation's action (E0705).
void check_operation_clauses(const ir::Module& module, DiagnosticEngine& diags);

/// What `check` adds for operations: the errors of each operation's actions, evaluated as the
/// operation's plan evaluates them (a type error, an unquotable splice, ...).
void check_operations(const ir::Module& module, const PlanOptions& options,
                      DiagnosticEngine& diags);

/// The plan of `options.operation` from the deploy plan of `module` (`instances` are the
/// deploy's). Returns nullopt when errors prevent it; every error is in `diags`.
std::optional<plan::Plan> build_operation_plan(const ir::Module& module, const Instances& instances,
                                               const plan::Plan& deploy, const PlanOptions& options,
                                               DiagnosticEngine& diags);

}  // namespace baton
