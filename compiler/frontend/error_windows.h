// A file with mistakes: the hand-written parser reads the declarations it can, and the ANTLR
// path reads only windows around the broken ones, so that the cost of explaining a mistake
// follows the mistake, not the size of the file.
//
// A window starts just after the token before the last declaration that starts its line
// ahead of the broken one (ANTLR's messages look back two tokens), and ends after a
// declaration that the hand-written parser reads cleanly, alone on its lines, and that ANTLR
// parses as a whole item of the file with no error inside: from there on, the whole file
// would parse exactly as the rest does. When ANTLR does not end the window so, the window
// grows (at least doubling, so that the cost stays linear), up to the end of the file. The
// counts behind the limits (50 lexical and 50 syntax errors, nesting depth) run on from
// window to window, the diagnostics are put back in the order the whole-file path makes them,
// and a mistake that stops the whole file (a string open at its end, nesting too deep) still
// stops it: tests/unit/error_windows_test.cpp checks that every window's result is the whole
// file's.
#pragma once

#include <cstddef>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontend/ir_builder.h"
#include "compiler/ir/ir.h"

namespace baton {

/// build_ir() for any file: the clean-file parser where it can, ANTLR in windows where it
/// cannot. Produces what build_ir_antlr() produces, diagnostics, IR and imports.
size_t build_ir_windowed(const SourceManager& sources, FileId file, ir::Module& module,
                         DiagnosticEngine& diags, std::vector<ImportRequest>& imports);

}  // namespace baton
