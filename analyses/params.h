// Binding params: `--param name=value` checked against the declared types.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyses/evaluate.h"
#include "analyses/param_setting.h"

namespace baton {

/// Parses the given values against each param's type (declared, or that of a literal
/// default); a later value for the same name wins. Reports unknown params given with --param
/// (one from baton.toml that the spec does not declare is for another spec of the project, and
/// skipped), secrets given a value and values that do not fit; secret params with a default in
/// the spec are reported too.
ParamInputs bind_params(const ir::Module& module, const Resolution& names,
                        const std::vector<ParamSetting>& given, DiagnosticEngine& diags);

/// Reports every non-secret param that has neither a default nor a --param value.
void report_missing_params(const ir::Module& module, Evaluator& eval, DiagnosticEngine& diags);

}  // namespace baton
