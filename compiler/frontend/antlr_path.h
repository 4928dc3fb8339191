// The ANTLR path of the front end: the parser that explains every mistake in a file. Its stages
// are the only code that includes ANTLR headers (through antlr_headers.h); this header
// includes none, so that tests can call it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontend/clean_file_parser.h"
#include "compiler/frontend/ir_builder.h"
#include "compiler/ir/ir.h"

namespace baton {

/// build_ir() through ANTLR only, whatever the file holds: the reference that the fast path
/// and the windows (compiler/frontend/error_windows.h) are tested against
/// (tests/unit/clean_file_parser_test.cpp, tests/unit/error_windows_test.cpp).
size_t build_ir_antlr(const SourceManager& sources, FileId file, ir::Module& module,
                      DiagnosticEngine& diags, std::vector<ImportRequest>& imports);

/// A part of a file for the ANTLR path: from `begin` (between two declarations) to the byte
/// `end`; unless it runs to the end of the file, its last declaration starts at `last`, and
/// the window counts only if ANTLR parses that declaration as the hand-written parser did.
struct AntlrWindow {
  TextPoint begin;
  size_t end = 0;
  bool at_end = true;
  TextPoint last;
  /// Only look for a mistake that stops the whole file (E0106 nesting too deep, a quote
  /// escaped inside `${}`, `${#`) among the window's tokens but its last, which the end of
  /// the window may have cut: Fatal when there is one, else Unverified. A large window's
  /// first check, so that `((((...` over megabytes costs what its first 129 tokens cost.
  bool stops_only = false;
};

/// What the ANTLR path carries from one window of a file to the next: the counts behind its
/// limits (lexical errors, syntax errors) and the brackets left open.
struct AntlrFileState {
  size_t lexical_errors = 0;
  int depth = 0;
  size_t syntax_errors = 0;
  bool recovering = false;  ///< a window needed recovery: the rest is parsed as the whole file is
};

/// What a window produced besides its IR, kept apart in the order the whole-file path makes
/// it: the lexical diagnostics, then the syntax errors, then what the walk into the IR found;
/// the names after an invalid character before those that recovery skipped.
struct AntlrWindowOutput {
  std::vector<Diagnostic> lexical, syntax, walk;
  std::vector<std::string> names_after, skipped;
  size_t declarations = 0;
  bool recovered = false;  ///< syntax errors: the parse needed error recovery
};

enum class AntlrWindowResult {
  Built,       ///< the window's IR is in the module, the rest in the output
  Fatal,       ///< the file must not be parsed: only `lexical` holds anything
  Unverified,  ///< the window ends where ANTLR does not: nothing changed
};

/// Runs the ANTLR stages over `window` of `file`, continuing `state`.
AntlrWindowResult build_ir_antlr_window(const SourceManager& sources, FileId file,
                                        const AntlrWindow& window, AntlrFileState& state,
                                        ir::Module& module, std::vector<ImportRequest>& imports,
                                        AntlrWindowOutput& out);

/// Empties ANTLR's prediction cache, which is shared by every parse in the process: how the
/// parser recovers from a mistake can depend on what it parsed before (the same mistake met
/// earlier), so a test that compares two parses starts each from an empty cache.
void clear_antlr_cache();

/// Reports that `file` declares nothing (E0006).
void report_empty_spec(const SourceManager& sources, FileId file, DiagnosticEngine& diags);

/// Reports `list` into `diags`, in order.
void report_all(const std::vector<Diagnostic>& list, DiagnosticEngine& diags);

}  // namespace baton
