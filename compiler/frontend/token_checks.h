// The pre-pass over the ANTLR token stream, before any parsing: invalid characters and escapes,
// unterminated strings and comments, and nesting deep enough to exhaust the parser's stack.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontend/antlr_headers.h"
#include "compiler/frontend/antlr_tokens.h"

namespace baton {

/// What check_tokens learned about invalid characters, for the parser's error reports and
/// for name resolution.
struct BadCharacters {
  std::unordered_map<size_t, size_t> first_on_line;  ///< line -> column of the first one
  std::vector<std::string> names_after;  ///< identifiers after one on its line: misread text
};

/// Reports lexical errors carried by hidden tokens, and refuses input nested beyond the limit
/// or whose lexer modes were thrown off (an unclosed ${ or a string open at the end of file).
/// Returns false when the file must not be parsed.
bool check_tokens(FileId file, SafeLexer& lexer, antlr4::CommonTokenStream& tokens,
                  DiagnosticEngine& diags, BadCharacters& bad_chars);

}  // namespace baton
