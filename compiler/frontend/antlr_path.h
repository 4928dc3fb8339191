// The ANTLR path of the front end: the parser that explains every mistake in a file. Its stages
// are the only code that includes ANTLR headers (through antlr_headers.h); this header
// includes none, so that tests can call it.
#pragma once

#include <cstddef>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontend/ir_builder.h"
#include "compiler/ir/ir.h"

namespace baton {

/// build_ir() through ANTLR only, whatever the file holds: the reference that the fast path
/// is tested against (tests/unit/clean_file_parser_test.cpp).
size_t build_ir_antlr(const SourceManager& sources, FileId file, ir::Module& module,
                      DiagnosticEngine& diags, std::vector<ImportRequest>& imports);

}  // namespace baton
