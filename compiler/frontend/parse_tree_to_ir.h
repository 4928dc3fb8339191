// The walk from an ANTLR parse tree to the IR: one file's declarations and expressions, with
// what recovery invented or skipped kept out of it.
#pragma once

#include <cstddef>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontend/antlr_headers.h"
#include "compiler/frontend/ir_builder.h"
#include "compiler/frontend/syntax_error_strategy.h"
#include "compiler/ir/ir.h"

namespace baton {

/// Adds the declarations of `root`, the parse tree of `file`, to `module` and its imports to
/// `imports`; returns the number of declarations. `recovery` is the strategy that recovered
/// from the file's syntax errors, or null when the parse needed none. Reports what only the
/// walk can see (an integer too large, an unknown type or event, `when` twice, an interpolated
/// import path, an expression nested too deep), never a syntax error again.
size_t parse_tree_to_ir(baton_grammar::BatonParser::FileContext* root, FileId file,
                        ir::Module& module, DiagnosticEngine& diags,
                        std::vector<ImportRequest>& imports, const BatonErrorStrategy* recovery);

}  // namespace baton
