// The generated lexer's tokens in baton's terms: code-point lengths and source ranges.
#include "compiler/frontend/antlr_tokens.h"

namespace baton {

using baton_grammar::BatonLexer;

size_t codepoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

SourceRange token_range(FileId file, const antlr4::Token* t) {
  SourceRange r;
  if (!t) return r;
  r.file = file;
  r.line = static_cast<uint32_t>(t->getLine());
  r.col = static_cast<uint32_t>(t->getCharPositionInLine()) + 1;
  r.end_line = r.line;
  switch (t->getType()) {
    case antlr4::Token::EOF: r.end_col = r.col; return r;
    // Tokens that may hold a line break: the range stops at the end of their first line.
    case BatonLexer::STR_END:
    case BatonLexer::WS:
    case BatonLexer::BLOCK_COMMENT:
    case BatonLexer::UNTERMINATED_COMMENT: {
      std::string text = t->getText();
      size_t nl = text.find('\n');
      if (nl != std::string::npos) text.resize(nl);
      if (!text.empty() && text.back() == '\r') text.pop_back();
      r.end_col = r.col + static_cast<uint32_t>(codepoints(text));
      return r;
    }
    default:
      // The input stream indexes code points, so the length needs no text: getText() would
      // convert and allocate for every range the builder takes.
      r.end_col = r.col + static_cast<uint32_t>(t->getStopIndex() - t->getStartIndex() + 1);
      return r;
  }
}

bool is_missing(const antlr4::Token* t) {
  return t == nullptr || t->getTokenIndex() == INVALID_INDEX;
}

}  // namespace baton
