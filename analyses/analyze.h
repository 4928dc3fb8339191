// The analysis pipeline as `baton check` runs it: every pass that needs no parameter values.
#pragma once

#include "compiler/diagnostics.h"
#include "compiler/ir.h"

namespace baton {

/// Runs every static analysis over `module`, reporting into `diags`.
void analyze_module(const ir::Module& module, DiagnosticEngine& diags);

}  // namespace baton
