// Binding params: `--param name=value` checked against the declared types.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyses/evaluate.h"

namespace baton {

/// Parses the `--param` values against each param's type (declared, or that of a literal
/// default). Reports unknown params, secrets given on the command line and values that do
/// not fit; secret params with a default in the spec are reported too.
ParamInputs bind_params(const ir::Module& module, const Resolution& names,
                        const std::vector<std::pair<std::string, std::string>>& given,
                        DiagnosticEngine& diags);

/// Reports every non-secret param that has neither a default nor a --param value.
void report_missing_params(const ir::Module& module, Evaluator& eval, DiagnosticEngine& diags);

}  // namespace baton
