// Unused declarations: a param nothing reads, a secret that reaches no step, an input its
// service never reads, a host that runs no service and that nothing reads, a captured output
// nothing reads (W0202 to W0206). Usage is over the whole spec: every file and import.
#pragma once

#include "analyses/resolve.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"

namespace baton {

/// Reports every declaration of `module` that nothing uses. Reports nothing for a spec that
/// did not load or parse whole: the reader of a declaration may be what was lost. The
/// pipeline shows these only for a spec without errors.
void report_unused_declarations(const ir::Module& module, const Resolution& names,
                                DiagnosticEngine& diags);

}  // namespace baton
