// The pre-pass over the ANTLR token stream, before any parsing: invalid characters and escapes,
// unterminated strings and comments, and nesting deep enough to exhaust the parser's stack.
#pragma once

#include <cstddef>
#include <cstdint>
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

/// What the token checks carry from one window of a file to the next (compiler/frontend/
/// error_windows.h): the file's count of lexical errors and its open brackets.
struct TokenCheckState {
  size_t lexical_errors = 0;
  int depth = 0;
};

/// How the tokens of a window ended.
enum class TokenCheck {
  Parse,      ///< parse it
  Fatal,      ///< the file must not be parsed (reported)
  StillOpen,  ///< a string or `${` is open at the end of a window that is not the file's end
};

/// Reports lexical errors carried by hidden tokens, and refuses input nested beyond the limit
/// or whose lexer modes were thrown off (an unclosed ${ or a string open at the end of file).
/// Returns false when the file must not be parsed.
bool check_tokens(FileId file, SafeLexer& lexer, antlr4::CommonTokenStream& tokens,
                  DiagnosticEngine& diags, BadCharacters& bad_chars);

/// check_tokens() over a window of a file that continues `state`; `at_end` when the window
/// runs to the end of the file (only then is a string still open reported). Only the first
/// `token_limit` tokens are checked.
TokenCheck check_window_tokens(FileId file, SafeLexer& lexer, antlr4::CommonTokenStream& tokens,
                               DiagnosticEngine& diags, BadCharacters& bad_chars,
                               TokenCheckState& state, bool at_end, size_t token_limit = SIZE_MAX);

}  // namespace baton
