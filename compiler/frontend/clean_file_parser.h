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

}  // namespace baton
