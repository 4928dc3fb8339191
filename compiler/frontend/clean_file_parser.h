// The fast path of the front end: a hand-written lexer and recursive-descent parser for specs
// that are free of errors.
//
// The ANTLR grammar (grammar/*.g4) stays the definition of the language, and the ANTLR parser
// remains the path that explains every mistake. Most specs have none, and for them the ANTLR
// C++ runtime is the most expensive part of baton (a parse tree for the whole file, a lock per
// DFA lookup, a UTF-32 copy). parse_clean_file() parses such a file directly into the IR, building
// exactly what the ANTLR path builds (same expressions, same order, same ranges); at the first
// thing it would have to report (a syntax error, an invalid character or escape, an unknown
// type or event, an integer too large, nesting too deep, an empty file) it undoes what it
// added and returns false, and the caller parses the file again with ANTLR. It never reports.
// tests/unit/clean_file_parser_test.cpp checks both paths agree on every spec in the
// repository and on thousands of mutations of them.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/frontend/ir_builder.h"
#include "compiler/ir/ir.h"

namespace baton {

/// Parses `text` (file `file`) into `module` and `imports` and returns true, with the number
/// of declarations in `declarations`; or returns false, having changed nothing, when the file
/// needs a diagnostic.
bool parse_clean_file(FileId file, std::string_view text, ir::Module& module,
                      std::vector<ImportRequest>& imports, size_t& declarations);

/// A place in a file's text: a byte offset, and the line and column (in code points) there.
struct TextPoint {
  size_t offset = 0;
  uint32_t line = 1, col = 1;
};

/// What parse_clean_run() parsed, and where it gave up.
struct CleanRun {
  size_t declarations = 0;  ///< declarations kept in the module
  bool complete = false;    ///< the run reached the end of the file
  /// When not complete: where a window for the ANTLR path starts (just after the last token
  /// of the declarations kept), whether that is the run's beginning, and how far the lexer
  /// had read when the parser gave up.
  TextPoint window;
  bool window_at_begin = false;
  size_t failed_at = 0;
};

/// Parses declarations from `begin` (outside any declaration, `depth` brackets open before
/// it) into `module` and `imports` until the end of the file or the first declaration that
/// needs a diagnostic. Then it undoes that declaration and the ones after the last
/// declaration before it that starts its line (which a window must hold: the ANTLR path's
/// messages look at the tokens before the broken one), and says where the window starts.
CleanRun parse_clean_run(FileId file, std::string_view text, TextPoint begin, int depth,
                         ir::Module& module, std::vector<ImportRequest>& imports);

/// Whether the text at `at` is one declaration without mistakes that is followed by the end
/// of the file or by a token on a later line; `end` then gets the point after its last token.
bool clean_declaration_at(FileId file, std::string_view text, TextPoint at, TextPoint& end);

}  // namespace baton
