// The generated lexer's tokens in baton's terms: a lexer that cannot throw on a stray '}', and
// the source range of a token, in code points.
#pragma once

#include <cstddef>
#include <string>

#include "compiler/base/source.h"
#include "compiler/frontend/antlr_headers.h"

namespace baton {

/// A lexer whose popMode on an empty stack is harmless: a stray '}' at top level reaches the
/// parser as a token and gets a syntax error instead of throwing.
class SafeLexer final : public baton_grammar::BatonLexer {
 public:
  using BatonLexer::BatonLexer;
  size_t popMode() override {
    if (modeStack.empty()) return mode;
    return BatonLexer::popMode();
  }
};

/// The number of code points in UTF-8 text `s`: the unit of source columns.
size_t codepoints(const std::string& s);

/// Where `t` is in `file`; an empty range for a null token. A token that may hold a line
/// break (a string's end, a comment) stops at the end of its first line.
SourceRange token_range(FileId file, const antlr4::Token* t);

/// Whether `t` was made up by error recovery (a conjured token is in no stream), or is null.
bool is_missing(const antlr4::Token* t);

}  // namespace baton
