// The pre-pass over the ANTLR token stream: reports what the lexer let through as hidden tokens
// (invalid characters, escapes, unterminated strings and comments) with baton's codes, and
// stops a file nested beyond kMaxNesting before the recursive-descent parser sees it.
#include "compiler/frontend/token_checks.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "compiler/frontend/ir_builder.h"

namespace baton {
namespace {

using baton_grammar::BatonLexer;

/// U+XXXX for a character that would not print.
std::string fmt_codepoint(const std::string& utf8) {
  uint32_t cp = 0;
  unsigned char c0 = utf8.empty() ? 0 : static_cast<unsigned char>(utf8[0]);
  int extra = c0 < 0x80 ? 0 : c0 < 0xE0 ? 1 : c0 < 0xF0 ? 2 : 3;
  cp = extra == 0 ? c0 : extra == 1 ? (c0 & 0x1F) : extra == 2 ? (c0 & 0x0F) : (c0 & 0x07);
  for (int i = 1; i <= extra && i < static_cast<int>(utf8.size()); ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(utf8[i]) & 0x3F);
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", cp);
  return buf;
}

/// At most this many lexical errors are reported per file.
constexpr size_t kMaxLexicalErrors = 50;

/// Reports nesting beyond kMaxNesting at `t`.
void too_deep(FileId file, const antlr4::Token* t, DiagnosticEngine& diags) {
  diags
      .report(DiagKind::NestingTooDeep, token_range(file, t),
              "nesting deeper than " + std::to_string(kMaxNesting) +
                  " levels; the rest of this file is not read")
      .help = "flatten the expression, or split it with params or inputs";
}

}  // namespace

bool check_tokens(FileId file, SafeLexer& lexer, antlr4::CommonTokenStream& tokens,
                  DiagnosticEngine& diags, BadCharacters& bad_chars) {
  TokenCheckState state;
  return check_window_tokens(file, lexer, tokens, diags, bad_chars, state, true) ==
         TokenCheck::Parse;
}

TokenCheck check_window_tokens(FileId file, SafeLexer& lexer, antlr4::CommonTokenStream& tokens,
                               DiagnosticEngine& diags, BadCharacters& bad_chars,
                               TokenCheckState& state, bool at_end, size_t token_limit) {
  struct Open {
    const antlr4::Token* token;
    bool interpolation;
  };
  std::vector<Open> strings;  // open string literals and interpolations, innermost last
  int& depth = state.depth;
  // A file of a million stray bytes must not become a million diagnostics: past the limit,
  // one line says so and the rest are only counted.
  size_t& lexical_errors = state.lexical_errors;
  Diagnostic discarded{};
  auto report = [&](DiagKind kind, SourceRange at, std::string message) -> Diagnostic& {
    if (++lexical_errors <= kMaxLexicalErrors) return diags.report(kind, at, std::move(message));
    if (lexical_errors == kMaxLexicalErrors + 1) {
      diags.report(kind, at,
                   "too many lexical errors (characters, escapes, strings); the others in this "
                   "file are not reported");
    }
    return discarded;
  };
  const std::vector<antlr4::Token*>& all = tokens.getTokens();
  const size_t checked = std::min(all.size(), token_limit);
  for (size_t i = 0; i < checked; ++i) {
    antlr4::Token* t = all[i];
    switch (t->getType()) {
      case BatonLexer::BAD_CHAR: {
        std::string text = t->getText();
        // `"${join(xs, \",\")}"`: quotes escaped inside an interpolation, as other languages
        // need. Here the `\"` opens a new string and every later token is misread, so say
        // what happened once and parse no further.
        if (text == "\\" && !strings.empty() && strings.back().interpolation &&
            i + 1 < all.size() && all[i + 1]->getType() == BatonLexer::STR_START) {
          report(DiagKind::InvalidCharacter, token_range(file, t),
                 "'\\' before a quote inside '${...}'; the rest of this file is not read")
              .help =
              "strings inside an interpolation are written plainly, without escaping "
              "their quotes: \"${join(xs, \",\")}\"";
          return TokenCheck::Fatal;
        }
        // The rest of the line is misread without the character: remember where it starts
        // and which names it holds, so that nothing there is reported a second time.
        if (bad_chars.first_on_line.emplace(t->getLine(), t->getCharPositionInLine()).second) {
          for (size_t k = i + 1; k < all.size() && all[k]->getLine() == t->getLine(); ++k) {
            if (all[k]->getType() == BatonLexer::ID)
              bad_chars.names_after.push_back(all[k]->getText());
          }
        }
        // 'text': a string in a shell's or Python's quotes. One error for the pair, with the fix.
        if (text == "'" && strings.empty()) {
          size_t close = i + 1;
          while (close < all.size() && all[close]->getLine() == t->getLine() &&
                 !(all[close]->getType() == BatonLexer::BAD_CHAR && all[close]->getText() == "'"))
            ++close;
          if (close < all.size() && all[close]->getLine() == t->getLine()) {
            report(DiagKind::InvalidCharacter,
                   token_range(file, t).to(token_range(file, all[close])),
                   "a string in single quotes; baton strings are written in double quotes")
                .help =
                "write \"...\"; inside a command, single quotes are the shell's: sh \"echo 'hi'\"";
            i = close;
            break;
          }
        }
        unsigned char c = text.empty() ? 0 : static_cast<unsigned char>(text[0]);
        std::string shown = (c >= 0x20 && c < 0x7f) ? "'" + text + "'" : fmt_codepoint(text);
        Diagnostic& d = report(DiagKind::InvalidCharacter, token_range(file, t),
                               "invalid character " + shown + " in spec");
        if (text == "\r" && !strings.empty())
          d.help = "a carriage return in a string is written \\r";
        break;
      }
      case BatonLexer::UNTERMINATED_COMMENT: {
        SourceRange r = token_range(file, t);
        r.end_col = r.col + 2;
        report(DiagKind::UnterminatedComment, r, "unterminated /* comment").help =
            "close the comment with */";
        break;
      }
      case BatonLexer::STR_START: strings.push_back({t, false}); break;
      case BatonLexer::INTERP_START: {
        // `"${#VAR}"`: the shell's length of a variable, where '#' starts a comment that takes
        // the rest of the line, string and block included. Say so once and read no further.
        antlr4::CharStream* input = t->getInputStream();
        size_t next = t->getStopIndex() + 1;
        if (input != nullptr && next < input->size() &&
            input->getText(antlr4::misc::Interval(next, next)) == "#") {
          report(DiagKind::UnterminatedString, token_range(file, t),
                 "'#' after '${' starts a comment, which takes the rest of the line; the rest of "
                 "this file is not read")
              .help = "for the shell's ${#VAR}, escape the dollar: \\${#VAR}";
          return TokenCheck::Fatal;
        }
        strings.push_back({t, true});
        if (++depth > kMaxNesting) {
          too_deep(file, t, diags);
          return TokenCheck::Fatal;
        }
        break;
      }
      case BatonLexer::STR_END: {
        const antlr4::Token* start = strings.empty() ? t : strings.back().token;
        if (!strings.empty()) strings.pop_back();
        if (t->getText() == "\"") break;
        SourceRange r = token_range(file, start);
        r.end_col = token_range(file, t).col;
        bool in_interpolation = !strings.empty() && strings.back().interpolation;
        if (in_interpolation) {
          SourceRange open = token_range(file, strings.back().token);
          report(DiagKind::UnterminatedString, open,
                 "unterminated interpolation: expected '}' to close '${'")
              .help = "close the interpolation with } before the string's closing quote";
          return TokenCheck::Fatal;
        }
        report(DiagKind::UnterminatedString, r, "unterminated string literal").help =
            "close the string with \" before the end of the line";
        break;
      }
      case BatonLexer::STR_ESCAPE: {
        std::string text = t->getText();
        char c = text.size() > 1 ? text[1] : 0;
        if (std::string_view("\"\\nt$r").find(c) == std::string_view::npos) {
          report(DiagKind::InvalidEscape, token_range(file, t),
                 "unknown escape sequence '" + text + "'")
              .help = "the escapes are \\\" \\\\ \\n \\t \\r and \\$; write \\\\ for a backslash";
        }
        break;
      }
      case BatonLexer::LBRACE:
      case BatonLexer::LBRACK:
      case BatonLexer::LPAREN:
        if (++depth > kMaxNesting) {
          too_deep(file, t, diags);
          return TokenCheck::Fatal;
        }
        break;
      case BatonLexer::RBRACE:
        if (!strings.empty() && strings.back().interpolation) strings.pop_back();
        depth = depth > 0 ? depth - 1 : 0;
        break;
      case BatonLexer::RBRACK:
      case BatonLexer::RPAREN: depth = depth > 0 ? depth - 1 : 0; break;
      default: break;
    }
  }
  if (lexer.mode == BatonLexer::STR || !strings.empty()) {
    if (!at_end) return TokenCheck::StillOpen;
    const antlr4::Token* open = strings.empty() ? nullptr : strings.back().token;
    SourceRange r = open ? token_range(file, open) : SourceRange{};
    report(DiagKind::UnterminatedString, r,
           open && open->getType() == BatonLexer::INTERP_START
               ? "unterminated interpolation: expected '}' to close '${'"
               : "unterminated string literal at end of file")
        .help = "close the string with \"";
    return TokenCheck::Fatal;
  }
  return TokenCheck::Parse;
}

}  // namespace baton
