// The formatter's token stream: every token of a spec, its comments, and how many line breaks
// stand before each, so that nothing written is lost between the text and its layout.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace baton::format {

enum class TokenKind : uint8_t {
  Word,          ///< a name or a keyword
  Int,           ///< digits
  String,        ///< a whole string literal, `${...}` and nested strings included, verbatim
  Punct,         ///< an operator or a bracket (`->`, `==`, `{`, `,`, ...)
  LineComment,   ///< `// ...` or `# ...`, without its line break
  BlockComment,  ///< `/* ... */`, possibly over several lines
};

struct Token {
  TokenKind kind;
  uint32_t begin, end;     ///< byte offsets in the text
  uint32_t breaks_before;  ///< line breaks in the whitespace before the token, at most 2
  bool is_comment() const {
    return kind == TokenKind::LineComment || kind == TokenKind::BlockComment;
  }
};

/// The tokens of `text` (line breaks `\n`; a `\r` counts as a space). Never fails: a string
/// or a comment left open runs to the end of the text, a character the language does not know
/// is a Punct of its own. Strings are scanned with a stack of modes (a string, the code of a
/// `${`, a brace inside it), so that the `"` of a string nested in an interpolation does not
/// end the outer one; no recursion.
std::vector<Token> lex_for_format(std::string_view text);

/// The text of `t`.
inline std::string_view token_text(std::string_view text, const Token& t) {
  return text.substr(t.begin, t.end - t.begin);
}

}  // namespace baton::format
