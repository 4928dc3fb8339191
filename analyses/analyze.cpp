// The order in which `baton check` runs the analyses.
#include "analyses/analyze.h"

#include "analyses/resolve.h"

namespace baton {

void analyze_module(const ir::Module& module, DiagnosticEngine& diags) {
  Resolution names = resolve_names(module, diags);
  (void)names;
}

}  // namespace baton
