// The formatter's lossless lexer (format_tokens.h).
#include "format/format_tokens.h"

namespace baton::format {
namespace {

bool is_word_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word_char(char c) {
  return is_word_start(c) || is_digit(c);
}

/// Where a `/* ... */` starting at `i` ends (after `*/`, or the end of the text).
size_t block_comment_end(std::string_view s, size_t i) {
  size_t close = s.find("*/", i + 2);
  return close == std::string_view::npos ? s.size() : close + 2;
}

/// Where a line comment starting at `i` ends (before its line break).
size_t line_comment_end(std::string_view s, size_t i) {
  size_t nl = s.find('\n', i);
  return nl == std::string_view::npos ? s.size() : nl;
}

/// Where the string literal whose `"` is at `i` ends (after its closing `"`). The modes mirror
/// grammar/BatonLexer.g4: 'S' in a string, 'C' in code (a `${` or a brace inside it).
size_t string_end(std::string_view s, size_t i) {
  std::vector<char> modes{'S'};
  ++i;
  while (i < s.size() && !modes.empty()) {
    char c = s[i];
    if (modes.back() == 'S') {
      if (c == '"' || c == '\n') {
        modes.pop_back();
        i += c == '"' ? 1 : 0;
        if (c == '\n') break;  // an unterminated string ends at its line (a syntax error)
      } else if (c == '\\' && i + 1 < s.size() && s[i + 1] != '\n') {
        i += 2;
      } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
        modes.push_back('C');
        i += 2;
      } else {
        ++i;
      }
      continue;
    }
    if (c == '"') {
      modes.push_back('S');
      ++i;
    } else if (c == '{') {
      modes.push_back('C');
      ++i;
    } else if (c == '}') {
      modes.pop_back();
      ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      i = block_comment_end(s, i);
    } else if (c == '#' || (c == '/' && i + 1 < s.size() && s[i + 1] == '/')) {
      i = line_comment_end(s, i);
    } else {
      ++i;
    }
  }
  return i;
}

/// The length of the operator at `i`: two for `->`, `||`, `&&`, `==`, `!=`, `<=`, `>=`; the
/// bytes of one UTF-8 character otherwise.
size_t punct_length(std::string_view s, size_t i) {
  if (i + 1 < s.size()) {
    char a = s[i], b = s[i + 1];
    if ((a == '-' && b == '>') || (a == '|' && b == '|') || (a == '&' && b == '&') ||
        (b == '=' && (a == '=' || a == '!' || a == '<' || a == '>')))
      return 2;
  }
  size_t n = 1;
  while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
  return n;
}

}  // namespace

std::vector<Token> lex_for_format(std::string_view s) {
  std::vector<Token> out;
  uint32_t breaks = 0;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\n') {
      if (breaks < 2) ++breaks;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      ++i;
      continue;
    }
    size_t end;
    TokenKind kind;
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      kind = TokenKind::BlockComment;
      end = block_comment_end(s, i);
    } else if (c == '#' || (c == '/' && i + 1 < s.size() && s[i + 1] == '/')) {
      kind = TokenKind::LineComment;
      end = line_comment_end(s, i);
    } else if (c == '"') {
      kind = TokenKind::String;
      end = string_end(s, i);
    } else if (is_word_start(c)) {
      kind = TokenKind::Word;
      end = i + 1;
      while (end < s.size() && is_word_char(s[end])) ++end;
    } else if (is_digit(c)) {
      kind = TokenKind::Int;
      end = i + 1;
      while (end < s.size() && is_digit(s[end])) ++end;
    } else {
      kind = TokenKind::Punct;
      end = i + punct_length(s, i);
    }
    out.push_back(Token{kind, static_cast<uint32_t>(i), static_cast<uint32_t>(end), breaks});
    breaks = 0;
    i = end;
  }
  return out;
}

}  // namespace baton::format
