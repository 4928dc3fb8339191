// The IR builder: the only module that touches ANTLR. It lexes a file, checks the token stream
// for lexical errors and hostile nesting, parses (SLL first, full LL only when SLL fails),
// reports syntax errors in baton's own words, and walks the parse tree into the IR.
#include "compiler/frontend/ir_builder.h"

#include <charconv>
#include <cstdio>
#include <memory>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>

#include "compiler/base/closest_name.h"
#include "compiler/frontend/clean_file_parser.h"

// The generated parser and the ANTLR runtime are not ours to warn about.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wattributes"
#ifdef __clang__
#pragma GCC diagnostic ignored "-Wdefaulted-function-deleted"
#endif
// clang-format off
#include "BatonLexer.h"
#include "BatonParser.h"
#include "antlr4-runtime.h"
// clang-format on
#pragma GCC diagnostic pop

namespace baton {
namespace {

using baton_grammar::BatonLexer;
using baton_grammar::BatonParser;
using P = baton_grammar::BatonParser;
using ir::ExprId;
using ir::ExprKind;

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

/// `t` as the parse-tree class T when it is exactly that class, else null. The generated
/// accessors (`ctx->expr()`) dynamic_cast every child, and dynamic_cast across the runtime's
/// shared library compares type names with strcmp: on a 500-line spec that was a fifth of
/// the IR walk. typeid of the exact class is one comparison.
template <typename T>
T* as(antlr4::tree::ParseTree* t) {
  return t && typeid(*t) == typeid(T) ? static_cast<T*>(t) : nullptr;
}

/// The first child of `c` that is exactly a T, or null.
template <typename T>
T* first(antlr4::ParserRuleContext* c) {
  if (!c) return nullptr;
  for (antlr4::tree::ParseTree* child : c->children)
    if (T* t = as<T>(child)) return t;
  return nullptr;
}

/// The token of a child that the parser matched (not an error node), else null.
antlr4::Token* matched_token(antlr4::tree::ParseTree* t) {
  if (!t || typeid(*t) != typeid(antlr4::tree::TerminalNodeImpl)) return nullptr;
  return static_cast<antlr4::tree::TerminalNode*>(t)->getSymbol();
}

bool is_missing(const antlr4::Token* t) {
  return t == nullptr || t->getTokenIndex() == INVALID_INDEX;
}

/// A lexer whose popMode on an empty stack is harmless: a stray '}' at top level reaches the
/// parser as a token and gets a syntax error instead of throwing.
class SafeLexer final : public BatonLexer {
 public:
  using BatonLexer::BatonLexer;
  size_t popMode() override {
    if (modeStack.empty()) return mode;
    return BatonLexer::popMode();
  }
};

/// The lexer reports nothing itself: every character matches some token, and the odd ones are
/// reported by check_tokens with baton's codes.
class SilentListener final : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t, size_t, const std::string&,
                   std::exception_ptr) override {}
};

const char* const kDeclarationKeywords[] = {"import", "param", "host", "service", "on", "order"};

bool has(const antlr4::misc::IntervalSet& set, size_t token) {
  return set.contains(token);
}

std::string describe_token(const antlr4::Token* t) {
  if (!t || t->getType() == antlr4::Token::EOF) return "end of file";
  switch (t->getType()) {
    case BatonLexer::STR_START: return "a string";
    case BatonLexer::STR_END:
      if (t->getText() != "\"") return "end of line";
      break;
    default: break;
  }
  std::string text = t->getText();
  if (codepoints(text) > 24) text = text.substr(0, 24) + "...";
  return "'" + text + "'";
}

/// Words for what the parser expected, collapsing the token sets of common rules.
std::string describe_expected(const antlr4::misc::IntervalSet& set,
                              const antlr4::dfa::Vocabulary& vocab) {
  using L = BatonLexer;
  if (has(set, L::INT) && has(set, L::STR_START) && has(set, L::LPAREN)) return "an expression";
  if (has(set, L::IMPORT) && has(set, L::SERVICE) && has(set, L::ORDER))
    return "a declaration (import, param, host, service, on or order)";
  if (has(set, L::INPUT) && has(set, L::ACTION) && has(set, L::RBRACE))
    return "input, output, action, handler or '}'";
  if (has(set, L::STR_END) && has(set, L::STR_TEXT)) return "'\"' to close the string";
  std::vector<std::string> words;
  for (size_t t : set.toList()) {
    if (t == static_cast<size_t>(antlr4::Token::EOF)) {
      words.push_back("end of file");
    } else if (t == L::ID) {
      words.push_back("a name");
    } else if (t == L::INT) {
      words.push_back("an integer");
    } else if (t == L::STR_START) {
      words.push_back("a string");
    } else {
      std::string lit = vocab.getLiteralName(t);
      words.push_back(lit.empty() ? vocab.getDisplayName(t) : lit);
    }
  }
  if (words.empty()) return "something else";
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += (i + 1 == words.size()) ? " or " : ", ";
    out += words[i];
  }
  return out;
}

/// Replaces ANTLR's messages ("mismatched input") with baton's, reported as diagnostics.
class BatonErrorStrategy final : public antlr4::DefaultErrorStrategy {
 public:
  /// `bad_chars`: line -> column of the first invalid character on it (already reported).
  BatonErrorStrategy(FileId file, DiagnosticEngine& diags,
                     const std::unordered_map<size_t, size_t>& bad_chars)
      : file_(file), diags_(diags), bad_chars_(bad_chars) {}
  size_t reported() const { return reported_; }
  /// Whether a syntax error was reported while parsing inside `block` (a service or host).
  bool broken(const antlr4::ParserRuleContext* block) const { return broken_.count(block) > 0; }
  /// The identifiers that recovery skipped, in order.
  const std::vector<std::string>& skipped_names() const { return skipped_names_; }

 protected:
  void reportNoViableAlternative(antlr4::Parser* p,
                                 const antlr4::NoViableAltException& e) override {
    report(p, e.getOffendingToken(), expected_here(p));
  }
  void reportInputMismatch(antlr4::Parser* p, const antlr4::InputMismatchException& e) override {
    report(p, e.getOffendingToken(), expected_here(p));
  }
  void reportFailedPredicate(antlr4::Parser* p,
                             const antlr4::FailedPredicateException& e) override {
    report(p, e.getOffendingToken(), p->getExpectedTokens());
  }
  void reportUnwantedToken(antlr4::Parser* p) override {
    if (inErrorRecoveryMode(p)) return;
    beginErrorCondition(p);
    report(p, p->getCurrentToken(), expected_here(p));
  }
  void reportMissingToken(antlr4::Parser* p) override {
    if (inErrorRecoveryMode(p)) return;
    beginErrorCondition(p);
    report(p, p->getCurrentToken(), expected_here(p));
  }

  /// Deleting a '}' to repair an error almost always swallows the end of a block and makes the
  /// next declaration part of this one; deleting a keyword that starts a declaration or a
  /// member (`input y = ...` after `web.`) glues that line onto the broken one and reports it
  /// a second time; deleting the '->' of an event or the `before` of an order whose name is
  /// missing misreads the rest of the line. Never do these: insertion or resynchronisation
  /// does better.
  /// ANTLR's sync throws at the entry of a `(...)*` loop that cannot be left here (the
  /// `item*` of a file, the `member*` of a service) when the next token fits neither, and the
  /// rule's recovery then skips to whatever follows the rule: a typo before the first
  /// declaration lost the whole file, one before the first member the whole service. Recover
  /// as ANTLR does at the loop's back edge instead: report, then skip to the next token that
  /// can continue the loop or follow it.
  void sync(antlr4::Parser* p) override {
    if (inErrorRecoveryMode(p)) return;
    antlr4::atn::ATNState* s =
        p->getInterpreter<antlr4::atn::ATNSimulator>()->atn.states[p->getState()];
    if (s->getStateType() != antlr4::atn::ATNState::STAR_LOOP_ENTRY) {
      DefaultErrorStrategy::sync(p);
      return;
    }
    antlr4::misc::IntervalSet next = p->getATN().nextTokens(s);
    if (next.contains(antlr4::Token::EPSILON) || next.contains(p->getInputStream()->LA(1))) return;
    reportUnwantedToken(p);
    consumeUntil(p, p->getExpectedTokens().Or(getErrorRecoverySet(p)));
  }

  /// Resynchronisation skips tokens; remember the names among them, since one may be the
  /// name of a declaration that is now lost (`parm region = "x"` skips `region`).
  void consumeUntil(antlr4::Parser* p, const antlr4::misc::IntervalSet& set) override {
    for (size_t type = p->getInputStream()->LA(1);
         type != antlr4::Token::EOF && !set.contains(type); type = p->getInputStream()->LA(1)) {
      if (type == BatonLexer::ID) skipped_names_.push_back(p->getCurrentToken()->getText());
      p->consume();
    }
  }

  antlr4::Token* singleTokenDeletion(antlr4::Parser* p) override {
    switch (p->getCurrentToken()->getType()) {
      case BatonLexer::RBRACE:
      case BatonLexer::IMPORT:
      case BatonLexer::PARAM:
      case BatonLexer::SERVICE:
      case BatonLexer::ORDER:
      case BatonLexer::ON:
      case BatonLexer::INPUT:
      case BatonLexer::OUTPUT:
      case BatonLexer::ACTION:
      case BatonLexer::HANDLER:
      case BatonLexer::ARROW:
      case BatonLexer::BEFORE: return nullptr;
      default: return DefaultErrorStrategy::singleTokenDeletion(p);
    }
  }

 private:
  /// What may come next: within the current rule when that is decided there (it names what
  /// the rule itself needs, "an expression"), else including what may follow the rule.
  static antlr4::misc::IntervalSet expected_here(antlr4::Parser* p) {
    antlr4::misc::IntervalSet within = p->getExpectedTokensWithinCurrentRule();
    if (!within.contains(antlr4::Token::EPSILON) && !within.isEmpty()) return within;
    return p->getExpectedTokens();
  }

  /// The block that the parser is inside, for "to close service 'web'".
  struct OpenBlock {
    std::string what;
    const antlr4::Token* brace = nullptr;
  };

  /// `kind 'name'`, or just `kind` when the name is missing or made up by recovery.
  static std::string named(const std::string& kind, P::NameContext* n) {
    antlr4::tree::TerminalNode* id = n && n->children.size() == 1 ? n->ID() : nullptr;
    if (!id || dynamic_cast<antlr4::tree::ErrorNode*>(id) || is_missing(id->getSymbol()))
      return kind;
    return kind + " '" + id->getText() + "'";
  }

  static OpenBlock open_block(antlr4::Parser* p) {
    std::string action;
    for (antlr4::RuleContext* c = p->getContext(); c;
         c = dynamic_cast<antlr4::RuleContext*>(c->parent)) {
      if (auto* a = dynamic_cast<P::ActionDeclContext*>(c)) {
        if (!a->LBRACE()) return {};
        action = named(a->HANDLER() ? "handler" : "action", a->name());
        antlr4::tree::ParseTree* member = c->parent;
        auto* svc = dynamic_cast<P::ServiceDeclContext*>(member ? member->parent : nullptr);
        if (svc && !svc->name().empty()) action += " of " + named("service", svc->name(0));
        return {action, a->LBRACE()->getSymbol()};
      }
      if (auto* s = dynamic_cast<P::ServiceDeclContext*>(c)) {
        if (!s->LBRACE() || s->name().empty()) return {};
        return {named("service", s->name(0)), s->LBRACE()->getSymbol()};
      }
      if (auto* h = dynamic_cast<P::HostDeclContext*>(c)) {
        if (!h->LBRACE()) return {};
        return {named("host", h->name()), h->LBRACE()->getSymbol()};
      }
    }
    return {};
  }

  static bool ends_block(const antlr4::Token* t) {
    switch (t->getType()) {
      case antlr4::Token::EOF:
      case BatonLexer::IMPORT:
      case BatonLexer::PARAM:
      case BatonLexer::SERVICE:
      case BatonLexer::ORDER:
      case BatonLexer::HOST: return true;
      default: return false;
    }
  }

  void report(antlr4::Parser* p, antlr4::Token* t, const antlr4::misc::IntervalSet& expected) {
    for (antlr4::RuleContext* c = p->getContext(); c;
         c = static_cast<antlr4::RuleContext*>(c->parent)) {
      if (as<P::ServiceDeclContext>(c) || as<P::HostDeclContext>(c))
        broken_.insert(static_cast<antlr4::ParserRuleContext*>(c));
    }
    SourceRange at = token_range(file_, t);
    // After an invalid character the parser sees the rest of its line without it (`1 @ 2`
    // reads as `1 2`): an error there only echoes the E0104 already reported.
    if (t) {
      auto bad = bad_chars_.find(t->getLine());
      if (bad != bad_chars_.end() && bad->second < t->getCharPositionInLine()) {
        ++reported_;
        return;
      }
      // An error at the very next token after the previous one is its echo: in `x = <` the
      // operand is missing, recovery takes `<` as the operator, and the operand after it is
      // missing too. Two independent mistakes on adjacent tokens are rare; the second shows
      // up once the first is fixed.
      size_t index = t->getTokenIndex();
      bool adjacent =
          last_error_token_ != SIZE_MAX && index != INVALID_INDEX && index > last_error_token_;
      for (size_t k = last_error_token_ + 1; adjacent && k < index; ++k)
        adjacent = p->getTokenStream()->get(k)->getChannel() != antlr4::Token::DEFAULT_CHANNEL;
      if (index != INVALID_INDEX) last_error_token_ = index;
      if (adjacent) {
        ++reported_;
        return;
      }
    }
    if (++reported_ > kMaxSyntaxErrorsPerFile) {
      if (reported_ == kMaxSyntaxErrorsPerFile + 1) {
        diags_
            .report(DiagKind::SyntaxError, at,
                    "too many syntax errors; the others in this file are not reported")
            .help = "fix the errors above and run baton again";
      }
      return;
    }
    if (has(expected, BatonLexer::RBRACE) && t && ends_block(t)) {
      OpenBlock block = open_block(p);
      if (block.brace) {
        Diagnostic& d =
            diags_.report(DiagKind::UnclosedBlock, at,
                          "expected '}' to close " + block.what + ", found " + describe_token(t));
        d.notes.push_back({token_range(file_, block.brace), block.what + " opened here"});
        return;
      }
    }
    // A name right under an event declaration is the event word (`on a.b EVENT -> c.d`).
    bool event_word = dynamic_cast<P::NameContext*>(p->getContext()) &&
                      dynamic_cast<P::EventDeclContext*>(p->getContext()->parent);
    std::string msg = "expected " +
                      (event_word ? std::string("an event (changed, ok or failed)")
                                  : describe_expected(expected, p->getVocabulary())) +
                      ", found " + describe_token(t);
    Diagnostic& d = diags_.report(DiagKind::SyntaxError, at, msg);
    if (t && t->getType() == BatonLexer::RBRACE && !open_block(p).brace &&
        has(expected, BatonLexer::IMPORT))
      d.help = "this '}' closes no block";
    // `a < b < c`: a comparison operator can only be unwanted after a whole comparison.
    if (t && !has(expected, BatonLexer::INT)) {
      switch (t->getType()) {
        case BatonLexer::EQ:
        case BatonLexer::NE:
        case BatonLexer::LT:
        case BatonLexer::LE:
        case BatonLexer::GT:
        case BatonLexer::GE: d.help = "comparisons do not chain: write 'a < b && b < c'"; break;
        default: break;
      }
    }
    // `param min = 1`: a keyword where a name belongs (the lexer declares the keywords first,
    // IMPORT to FALSE). Only on the same line: a keyword that starts the next line more likely
    // starts the next declaration, and this one is unfinished.
    const antlr4::Token* previous = p->getTokenStream()->LT(-1);
    if (t && has(expected, BatonLexer::ID) && t->getType() >= BatonLexer::IMPORT &&
        t->getType() <= BatonLexer::FALSE && previous && previous->getLine() == t->getLine())
      d.help = "'" + t->getText() + "' is a keyword and cannot be used as a name";
  }

  static constexpr size_t kMaxSyntaxErrorsPerFile = 50;
  FileId file_;
  DiagnosticEngine& diags_;
  size_t reported_ = 0;
  const std::unordered_map<size_t, size_t>& bad_chars_;
  size_t last_error_token_ = SIZE_MAX;  ///< token index of the last syntax error reported
  std::unordered_set<const antlr4::ParserRuleContext*> broken_;
  std::vector<std::string> skipped_names_;
};

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

bool too_deep(FileId file, const antlr4::Token* t, DiagnosticEngine& diags) {
  diags
      .report(DiagKind::NestingTooDeep, token_range(file, t),
              "nesting deeper than " + std::to_string(kMaxNesting) +
                  " levels; the rest of this file is not read")
      .help = "flatten the expression, or split it with params or inputs";
  return false;
}

/// Reports lexical errors carried by hidden tokens, and refuses input nested beyond the limit
/// or whose lexer modes were thrown off (an unclosed ${ or a string open at the end of file).
/// Returns false when the file must not be parsed.
/// What check_tokens learned about invalid characters, for the parser's error reports and
/// for name resolution.
struct BadCharacters {
  std::unordered_map<size_t, size_t> first_on_line;  ///< line -> column of the first one
  std::vector<std::string> names_after;  ///< identifiers after one on its line: misread text
};

bool check_tokens(FileId file, SafeLexer& lexer, antlr4::CommonTokenStream& tokens,
                  DiagnosticEngine& diags, BadCharacters& bad_chars) {
  struct Open {
    const antlr4::Token* token;
    bool interpolation;
  };
  std::vector<Open> strings;  // open string literals and interpolations, innermost last
  int depth = 0;
  // A file of a million stray bytes must not become a million diagnostics: past the limit,
  // one line says so and the rest are only counted.
  size_t lexical_errors = 0;
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
  for (size_t i = 0; i < all.size(); ++i) {
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
          return false;
        }
        // The rest of the line is misread without the character: remember where it starts
        // and which names it holds, so that nothing there is reported a second time.
        if (bad_chars.first_on_line.emplace(t->getLine(), t->getCharPositionInLine()).second) {
          for (size_t k = i + 1; k < all.size() && all[k]->getLine() == t->getLine(); ++k) {
            if (all[k]->getType() == BatonLexer::ID)
              bad_chars.names_after.push_back(all[k]->getText());
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
      case BatonLexer::INTERP_START:
        strings.push_back({t, true});
        if (++depth > kMaxNesting) return too_deep(file, t, diags);
        break;
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
          return false;
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
        if (++depth > kMaxNesting) return too_deep(file, t, diags);
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
    const antlr4::Token* open = strings.empty() ? nullptr : strings.back().token;
    SourceRange r = open ? token_range(file, open) : SourceRange{};
    report(DiagKind::UnterminatedString, r,
           open && open->getType() == BatonLexer::INTERP_START
               ? "unterminated interpolation: expected '}' to close '${'"
               : "unterminated string literal at end of file")
        .help = "close the string with \"";
    return false;
  }
  return true;
}

/// Walks the parse tree of one file into the module. After a syntax error any piece may be
/// missing: a missing piece becomes an Error expression or drops its declaration, with no
/// further report (the syntax error already said it). Children are found with as<T> and
/// first<T> rather than the generated accessors (see as<T>).
class IrBuilder {
 public:
  IrBuilder(FileId file, ir::Module& module, DiagnosticEngine& diags,
            std::vector<ImportRequest>& imports, const BatonErrorStrategy* recovery)
      : file_(file), m_(module), diags_(diags), imports_(imports), recovery_(recovery) {}

  size_t build(P::FileContext* root) {
    size_t count = 0;
    for (antlr4::tree::ParseTree* child : root->children) {
      auto* item = as<P::ItemContext>(child);
      if (!item || item->children.empty()) continue;
      antlr4::tree::ParseTree* decl = item->children[0];
      if (auto* c = as<P::ImportDeclContext>(decl)) {
        count += import_decl(c);
      } else if (auto* c = as<P::ParamDeclContext>(decl)) {
        count += param_decl(c);
      } else if (auto* c = as<P::HostDeclContext>(decl)) {
        count += host_decl(c);
      } else if (auto* c = as<P::ServiceDeclContext>(decl)) {
        count += service_decl(c);
      } else if (auto* c = as<P::EventDeclContext>(decl)) {
        count += event_decl(c);
      } else if (auto* c = as<P::OrderDeclContext>(decl)) {
        count += order_decl(c);
      }
    }
    if (recovery_) {
      const std::vector<std::string>& skipped = recovery_->skipped_names();
      m_.skipped_names.insert(m_.skipped_names.end(), skipped.begin(), skipped.end());
    }
    return count;
  }

 private:
  SourceRange range(antlr4::ParserRuleContext* c) const {
    if (!c) return {};
    SourceRange r = token_range(file_, c->getStart());
    const antlr4::Token* stop = c->getStop();
    if (stop && !is_missing(stop) && stop->getTokenIndex() >= c->getStart()->getTokenIndex())
      return r.to(token_range(file_, stop));
    return r;
  }

  /// The identifier of a name, or false when error recovery made it up: a conjured
  /// `<missing ID>`, or an ID reached by deleting the token before it. Either way a syntax
  /// error was reported, and a made-up name must not go on to be "unknown" or "duplicate".
  bool name(P::NameContext* c, std::string& out, SourceRange& where) const {
    if (!c || c->exception || c->children.size() != 1) return false;
    antlr4::Token* id = matched_token(c->children[0]);
    if (!id || id->getType() != BatonLexer::ID || is_missing(id)) return false;
    out = id->getText();
    where = token_range(file_, id);
    return true;
  }

  /// The names of a declaration, in order (a param has its name and maybe a type name).
  static std::vector<P::NameContext*> names(antlr4::ParserRuleContext* c) {
    std::vector<P::NameContext*> out;
    for (antlr4::tree::ParseTree* child : c->children)
      if (auto* n = as<P::NameContext>(child)) out.push_back(n);
    return out;
  }

  bool broken(antlr4::ParserRuleContext* block) const {
    return recovery_ && recovery_->broken(block);
  }

  // ---- declarations

  size_t import_decl(P::ImportDeclContext* c) {
    ExprId path = str(first<P::StrContext>(c));
    const ir::Expr& e = m_.expr(path);
    if (e.kind != ExprKind::String) return 0;
    if (e.parts.size() > 1 || (e.parts.size() == 1 && e.parts[0].expr.valid())) {
      diags_.report(DiagKind::SyntaxError, e.range, "an import path cannot interpolate values")
          .help = "write the path as a plain string";
      return 0;
    }
    imports_.push_back({e.parts.empty() ? std::string() : e.parts[0].text, e.range});
    return 1;
  }

  size_t param_decl(P::ParamDeclContext* c) {
    ir::Param p;
    if (!name(c->name(0), p.name, p.name_range)) return 0;
    p.range = range(c);
    if (c->typeName) {
      std::string type;
      if (name(c->typeName, type, p.type_range)) {
        p.type = ir::type_from_name(type);
        if (!p.type) {
          Diagnostic& d = diags_.report(DiagKind::UnknownType, p.type_range,
                                        "unknown type '" + type + "' for param '" + p.name + "'");
          std::string near = closest_name(type, {"string", "int", "bool", "list", "secret"});
          d.help = near.empty() ? "the types are string, int, bool, list and secret"
                                : "did you mean '" + near + "'?";
        }
      }
    }
    if (auto* value = first<P::ExprContext>(c)) p.default_value = expr(value);
    m_.params.push_back(std::move(p));
    return 1;
  }

  size_t host_decl(P::HostDeclContext* c) {
    ir::Host h;
    if (!name(first<P::NameContext>(c), h.name, h.name_range)) return 0;
    h.range = range(c);
    h.incomplete = broken(c);
    if (c->LBRACK()) h.count = c->count ? expr(c->count) : error_expr(c);
    if (c->minimum) h.minimum = expr(c->minimum);
    for (antlr4::tree::ParseTree* child : c->children) {
      auto* a = as<P::HostAttrContext>(child);
      if (!a) continue;
      ir::Attr attr;
      if (!name(first<P::NameContext>(a), attr.name, attr.name_range)) continue;
      attr.range = range(a);
      auto* value = first<P::ExprContext>(a);
      attr.value = value ? expr(value) : error_expr(a);
      h.attrs.push_back(std::move(attr));
    }
    m_.hosts.push_back(std::move(h));
    return 1;
  }

  size_t service_decl(P::ServiceDeclContext* c) {
    ir::Service s;
    if (!name(first<P::NameContext>(c), s.name, s.name_range)) return 0;
    s.range = range(c);
    s.incomplete = broken(c);
    if (!name(c->hostRef, s.host, s.host_range)) s.host.clear();
    for (antlr4::tree::ParseTree* child : c->children) {
      auto* mc = as<P::MemberContext>(child);
      if (!mc || mc->children.empty()) continue;
      antlr4::tree::ParseTree* decl = mc->children[0];
      if (auto* in = as<P::InputDeclContext>(decl)) {
        ir::Input i;
        if (!name(first<P::NameContext>(in), i.name, i.name_range)) continue;
        i.range = range(in);
        auto* value = first<P::ExprContext>(in);
        i.value = value ? expr(value) : error_expr(in);
        s.inputs.push_back(std::move(i));
      } else if (auto* out = as<P::OutputDeclContext>(decl)) {
        ir::Output o;
        if (!name(first<P::NameContext>(out), o.name, o.name_range)) continue;
        o.range = range(out);
        o.captured = out->CAPTURE() != nullptr;
        auto* value = first<P::ExprContext>(out);
        o.value = o.captured ? str(first<P::StrContext>(out))
                  : value    ? expr(value)
                             : error_expr(out);
        s.outputs.push_back(std::move(o));
      } else if (auto* act = as<P::ActionDeclContext>(decl)) {
        ir::Action a;
        if (!name(first<P::NameContext>(act), a.name, a.name_range)) continue;
        action_decl(act, a);
        s.actions.push_back(std::move(a));
      }
    }
    m_.services.push_back(std::move(s));
    return 1;
  }

  void action_decl(P::ActionDeclContext* c, ir::Action& a) {
    a.range = range(c);
    a.handler = c->getStart()->getType() == BatonLexer::HANDLER;
    for (antlr4::tree::ParseTree* child : c->children) {
      if (auto* cl = as<P::ActionClauseContext>(child)) {
        switch (cl->getStart()->getType()) {
          case BatonLexer::WHEN: {
            auto* guard = first<P::ExprContext>(cl);
            if (a.when.valid()) {
              diags_
                  .report(DiagKind::SyntaxError, range(cl),
                          "'when' given twice for '" + a.name + "'")
                  .help = "combine the guards with &&";
              continue;
            }
            a.when = guard ? expr(guard) : error_expr(cl);
            break;
          }
          case BatonLexer::AFTER:
            for (antlr4::tree::ParseTree* t : cl->children) {
              if (auto* tc = as<P::TargetContext>(t))
                if (auto tg = target(tc)) a.after.push_back(std::move(*tg));
            }
            break;
          case BatonLexer::REPEATABLE:
            a.repeatable = true;
            a.repeatable_range = range(cl);
            break;
        }
      } else if (auto* cmd = as<P::CommandContext>(child)) {
        if (auto* text = first<P::StrContext>(cmd)) a.commands.push_back({str(text), range(cmd)});
      }
    }
  }

  size_t event_decl(P::EventDeclContext* c) {
    ir::Event ev;
    auto emitter = target(c->emitter);
    auto subscriber = target(c->subscriber);
    if (!emitter || !subscriber || !name(c->event, ev.event_word, ev.event_range)) return 0;
    ev.emitter = std::move(*emitter);
    ev.subscriber = std::move(*subscriber);
    ev.range = range(c);
    for (ir::EventKind k : {ir::EventKind::Changed, ir::EventKind::Ok, ir::EventKind::Failed})
      if (ev.event_word == ir::event_name(k)) ev.kind = k;
    if (!ev.kind) {
      Diagnostic& d = diags_.report(DiagKind::UnknownEvent, ev.event_range,
                                    "unknown event '" + ev.event_word + "'");
      std::string near = closest_name(ev.event_word, {"changed", "ok", "failed"});
      d.help =
          near.empty() ? "the events are changed, ok and failed" : "did you mean '" + near + "'?";
    }
    m_.events.push_back(std::move(ev));
    return 1;
  }

  size_t order_decl(P::OrderDeclContext* c) {
    ir::Order o;
    o.range = range(c);
    bool then = false;
    for (antlr4::tree::ParseTree* child : c->children) {
      if (antlr4::Token* t = matched_token(child)) {
        if (t->getType() == BatonLexer::BEFORE) then = true;
        continue;
      }
      if (auto* t = as<P::TargetContext>(child))
        if (auto tg = target(t)) (then ? o.then : o.first).push_back(std::move(*tg));
    }
    if (o.first.empty() || o.then.empty()) return 0;
    m_.orders.push_back(std::move(o));
    return 1;
  }

  std::optional<ir::Target> target(P::TargetContext* c) {
    if (!c) return std::nullopt;
    ir::Target t;
    std::vector<P::NameContext*> parts = names(c);
    if (parts.empty() || !name(parts[0], t.service, t.service_range)) return std::nullopt;
    t.range = range(c);
    bool dot = false;
    for (antlr4::tree::ParseTree* child : c->children) {
      if (antlr4::Token* tok = matched_token(child)) {
        if (tok->getType() == BatonLexer::STAR) t.index_kind = ir::TargetIndex::Star;
        if (tok->getType() == BatonLexer::DOT) dot = true;
      } else if (auto* index = as<P::ExprContext>(child)) {
        t.index_kind = ir::TargetIndex::Expr;
        t.index = expr(index);
      }
    }
    if (dot && (parts.size() < 2 || !name(parts[1], t.action, t.action_range))) return std::nullopt;
    return t;
  }

  // ---- expressions

  /// Adds `e`, whose tree is `depth` deep. Beyond kMaxExpressionDepth the node becomes an
  /// Error (so no later pass recurses that deep) and the outermost expr() reports it once.
  ExprId add(ir::Expr e, uint32_t depth) {
    if (depth > static_cast<uint32_t>(kMaxExpressionDepth)) {
      too_deep_ = true;
      ir::Expr err;
      err.range = e.range;
      e = std::move(err);
      depth = 1;
    }
    ExprId id = m_.add(std::move(e));
    depth_.resize(m_.exprs.size());
    depth_[id.value] = depth;
    return id;
  }

  uint32_t depth(ExprId id) const { return id.value < depth_.size() ? depth_[id.value] : 1; }

  ExprId error_expr(antlr4::ParserRuleContext* c) {
    ir::Expr e;
    e.range = range(c);
    return add(std::move(e), 1);
  }

  ExprId binary(ir::BinaryOp op, ExprId lhs, ExprId rhs) {
    ir::Expr e;
    e.kind = ExprKind::Binary;
    e.binary_op = op;
    e.range = m_.expr(lhs).range.to(m_.expr(rhs).range);
    e.lhs = lhs;
    e.rhs = rhs;
    return add(std::move(e), 1 + std::max(depth(lhs), depth(rhs)));
  }

  /// Folds `operand (op operand)*` left to right: the shape of every binary precedence level.
  /// `op_of` reads the operator from a child that is not an operand (a token or an op rule).
  template <typename Operand, typename Build, typename OpOf>
  ExprId chain(antlr4::ParserRuleContext* c, Build build, OpOf op_of) {
    ExprId acc;
    ir::BinaryOp op = ir::BinaryOp::Add;
    for (antlr4::tree::ParseTree* child : c->children) {
      if (auto* operand = as<Operand>(child)) {
        ExprId value = (this->*build)(operand);
        acc = acc.valid() ? binary(op, acc, value) : value;
      } else {
        op_of(child, op);
      }
    }
    return acc.valid() ? acc : error_expr(c);
  }

  ExprId expr(P::ExprContext* c) {
    if (!c) return error_expr(c);
    ++expr_nesting_;
    ExprId result = chain<P::AndExprContext>(
        c, &IrBuilder::and_expr,
        [](antlr4::tree::ParseTree*, ir::BinaryOp& op) { op = ir::BinaryOp::Or; });
    if (--expr_nesting_ == 0 && too_deep_) {
      too_deep_ = false;
      diags_
          .report(DiagKind::ExpressionTooLong, range(c),
                  "expression too long: it nests more than " + std::to_string(kMaxExpressionDepth) +
                      " operations")
          .help =
          "each operator of a chain nests the ones before it; split the expression "
          "into several params or inputs";
    }
    return result;
  }

  ExprId and_expr(P::AndExprContext* c) {
    return chain<P::CmpExprContext>(
        c, &IrBuilder::cmp_expr,
        [](antlr4::tree::ParseTree*, ir::BinaryOp& op) { op = ir::BinaryOp::And; });
  }

  ExprId cmp_expr(P::CmpExprContext* c) {
    return chain<P::AddExprContext>(c, &IrBuilder::add_expr,
                                    [](antlr4::tree::ParseTree* t, ir::BinaryOp& op) {
                                      antlr4::Token* tok = matched_token(t);
                                      switch (tok ? tok->getType() : 0) {
                                        case BatonLexer::EQ: op = ir::BinaryOp::Eq; break;
                                        case BatonLexer::NE: op = ir::BinaryOp::Ne; break;
                                        case BatonLexer::LT: op = ir::BinaryOp::Lt; break;
                                        case BatonLexer::LE: op = ir::BinaryOp::Le; break;
                                        case BatonLexer::GT: op = ir::BinaryOp::Gt; break;
                                        case BatonLexer::GE: op = ir::BinaryOp::Ge; break;
                                      }
                                    });
  }

  ExprId add_expr(P::AddExprContext* c) {
    return chain<P::MulExprContext>(
        c, &IrBuilder::mul_expr, [](antlr4::tree::ParseTree* t, ir::BinaryOp& op) {
          if (auto* o = as<P::AddOpContext>(t)) {
            op = o->getStart()->getType() == BatonLexer::MINUS ? ir::BinaryOp::Sub
                                                               : ir::BinaryOp::Add;
          }
        });
  }

  ExprId mul_expr(P::MulExprContext* c) {
    return chain<P::UnaryExprContext>(c, &IrBuilder::unary_expr,
                                      [](antlr4::tree::ParseTree* t, ir::BinaryOp& op) {
                                        if (auto* o = as<P::MulOpContext>(t)) {
                                          size_t type = o->getStart()->getType();
                                          op = type == BatonLexer::SLASH     ? ir::BinaryOp::Div
                                               : type == BatonLexer::PERCENT ? ir::BinaryOp::Mod
                                                                             : ir::BinaryOp::Mul;
                                        }
                                      });
  }

  ExprId unary_expr(P::UnaryExprContext* c) {
    auto* operand = first<P::PostfixExprContext>(c);
    if (!operand) return error_expr(c);
    ExprId acc = postfix_expr(operand);
    // The operators apply innermost (rightmost) first.
    for (size_t i = c->children.size(); i-- > 0;) {
      auto* op = as<P::UnaryOpContext>(c->children[i]);
      if (!op) continue;
      ir::Expr e;
      e.kind = ExprKind::Unary;
      e.unary_op =
          op->getStart()->getType() == BatonLexer::BANG ? ir::UnaryOp::Not : ir::UnaryOp::Neg;
      e.range = range(op).to(m_.expr(acc).range);
      e.lhs = acc;
      acc = add(std::move(e), 1 + depth(acc));
    }
    return acc;
  }

  ExprId postfix_expr(P::PostfixExprContext* c) {
    if (c->children.empty()) return error_expr(c);
    ExprId acc = primary(c->children[0]);
    if (!acc.valid()) return error_expr(c);
    for (size_t i = 1; i < c->children.size(); ++i) {
      antlr4::tree::ParseTree* child = c->children[i];
      ir::Expr e;
      e.lhs = acc;
      uint32_t d = depth(acc);
      antlr4::ParserRuleContext* postfix = nullptr;
      if (auto* mem = as<P::MemberPostfixContext>(child)) {
        if (!name(first<P::NameContext>(mem), e.name, e.name_range)) return error_expr(c);
        e.kind = ExprKind::Member;
        postfix = mem;
      } else if (auto* splat = as<P::SplatPostfixContext>(child)) {
        e.kind = ExprKind::Splat;
        postfix = splat;
      } else if (auto* idx = as<P::IndexPostfixContext>(child)) {
        e.kind = ExprKind::Index;
        auto* index = first<P::ExprContext>(idx);
        e.rhs = index ? expr(index) : error_expr(idx);
        d = std::max(d, depth(e.rhs));
        postfix = idx;
      } else {
        continue;  // an error node left by recovery, already reported
      }
      e.range = m_.expr(acc).range.to(range(postfix));
      acc = add(std::move(e), d + 1);
    }
    return acc;
  }

  /// The expressions among the children of `c` (list items, call arguments), built in order.
  std::vector<ExprId> exprs(antlr4::ParserRuleContext* c, uint32_t& deepest) {
    std::vector<ExprId> out;
    for (antlr4::tree::ParseTree* child : c->children) {
      if (auto* item = as<P::ExprContext>(child)) {
        out.push_back(expr(item));
        deepest = std::max(deepest, depth(out.back()));
      }
    }
    return out;
  }

  /// One of primary's labelled alternatives; invalid when `child` is none of them.
  ExprId primary(antlr4::tree::ParseTree* child) {
    ir::Expr e;
    uint32_t d = 0;
    if (auto* i = as<P::IntPrimaryContext>(child)) {
      e.range = range(i);
      e.kind = ExprKind::Int;
      std::string text = i->getStart()->getText();
      auto res = std::from_chars(text.data(), text.data() + text.size(), e.int_value);
      if (res.ec != std::errc()) {
        diags_
            .report(DiagKind::IntegerTooLarge, e.range,
                    "integer literal " + text + " does not fit in 64 bits")
            .help = "the largest integer is 9223372036854775807";
        e.kind = ExprKind::Error;
      }
    } else if (auto* b = as<P::BoolPrimaryContext>(child)) {
      e.range = range(b);
      e.kind = ExprKind::Bool;
      e.bool_value = b->getStart()->getType() == BatonLexer::TRUE;
    } else if (auto* s = as<P::StringPrimaryContext>(child)) {
      return str(first<P::StrContext>(s));
    } else if (auto* l = as<P::ListPrimaryContext>(child)) {
      e.range = range(l);
      e.kind = ExprKind::List;
      e.items = exprs(l, d);
    } else if (auto* call = as<P::CallPrimaryContext>(child)) {
      e.range = range(call);
      if (!name(first<P::NameContext>(call), e.name, e.name_range)) return error_expr(call);
      e.kind = ExprKind::Call;
      e.items = exprs(call, d);
    } else if (auto* h = as<P::HostPrimaryContext>(child)) {
      e.range = range(h);
      e.kind = ExprKind::Name;
      e.name = "host";
      e.name_range = e.range;
    } else if (auto* n = as<P::NamePrimaryContext>(child)) {
      e.range = range(n);
      if (!name(first<P::NameContext>(n), e.name, e.name_range)) return error_expr(n);
      e.kind = ExprKind::Name;
    } else if (auto* p = as<P::ParenPrimaryContext>(child)) {
      auto* inner = first<P::ExprContext>(p);
      return inner ? expr(inner) : error_expr(p);
    } else {
      return ExprId{};
    }
    return add(std::move(e), d + 1);
  }

  ExprId str(P::StrContext* c) {
    if (!c || c->children.empty()) return error_expr(c);
    antlr4::Token* open = matched_token(c->children[0]);
    if (!open || open->getType() != BatonLexer::STR_START) return error_expr(c);
    ir::Expr e;
    e.kind = ExprKind::String;
    e.range = range(c);
    uint32_t d = 0;
    auto append_text = [&e](const std::string& text) {
      if (e.parts.empty() || e.parts.back().expr.valid()) e.parts.push_back({});
      e.parts.back().text += text;
    };
    for (antlr4::tree::ParseTree* part : c->children) {
      if (auto* t = as<P::TextPartContext>(part)) {
        append_text(t->getStart()->getText());
      } else if (auto* esc = as<P::EscapePartContext>(part)) {
        std::string text = esc->getStart()->getText();
        char ch = text.size() > 1 ? text[1] : '\\';
        switch (ch) {
          case 'n': append_text("\n"); break;
          case 't': append_text("\t"); break;
          case 'r': append_text("\r"); break;
          default: append_text(text.substr(1)); break;  // \" \\ \$ (others already reported)
        }
      } else if (auto* in = as<P::InterpPartContext>(part)) {
        ir::StringPart sp;
        auto* inner = first<P::ExprContext>(in);
        sp.expr = inner ? expr(inner) : error_expr(in);
        d = std::max(d, depth(sp.expr));
        e.parts.push_back(std::move(sp));
      }
    }
    return add(std::move(e), d + 1);
  }

  FileId file_;
  ir::Module& m_;
  DiagnosticEngine& diags_;
  std::vector<ImportRequest>& imports_;
  const BatonErrorStrategy* recovery_;  ///< null when the parse needed no recovery
  std::vector<uint32_t> depth_;         ///< depth of each expression's tree, by ExprId
  int expr_nesting_ = 0;                ///< expr() calls under way: 0 at a top-level expression
  bool too_deep_ = false;               ///< a node of the current top-level expression was too deep
};

}  // namespace

size_t build_ir(const SourceManager& sources, FileId file, ir::Module& module,
                DiagnosticEngine& diags, std::vector<ImportRequest>& imports) {
  size_t declarations = 0;
  if (parse_clean_file(file, sources.file(file).text, module, imports, declarations))
    return declarations;
  return build_ir_antlr(sources, file, module, diags, imports);
}

size_t build_ir_antlr(const SourceManager& sources, FileId file, ir::Module& module,
                      DiagnosticEngine& diags, std::vector<ImportRequest>& imports) {
  size_t errors_before = diags.error_count();
  antlr4::ANTLRInputStream input(sources.file(file).text);
  SafeLexer lexer(&input);
  SilentListener silent;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&silent);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  BadCharacters bad_chars;
  if (!check_tokens(file, lexer, tokens, diags, bad_chars)) {
    module.incomplete = true;
    return 0;
  }
  module.skipped_names.insert(module.skipped_names.end(), bad_chars.names_after.begin(),
                              bad_chars.names_after.end());

  P parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&silent);
  // Two-stage parsing: SLL with bail-out is fast and right for almost every spec; only a file
  // that fails it is parsed again with full LL and error recovery.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  P::FileContext* root = nullptr;
  size_t syntax_errors = 0;
  std::shared_ptr<BatonErrorStrategy> strategy;
  try {
    root = parser.file();
  } catch (const antlr4::ParseCancellationException&) {
    tokens.seek(0);
    parser.reset();
    strategy = std::make_shared<BatonErrorStrategy>(file, diags, bad_chars.first_on_line);
    parser.setErrorHandler(strategy);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    root = parser.file();
    syntax_errors = strategy->reported();
    module.incomplete = true;
  }
  IrBuilder builder(file, module, diags, imports, strategy.get());
  size_t declarations = builder.build(root);
  if (declarations == 0 && syntax_errors == 0 && diags.error_count() == errors_before) {
    SourceRange r{file, 1, 1, 1, 1};
    diags
        .report(DiagKind::EmptySpec, r,
                "'" + sources.file(file).display_name + "' declares nothing")
        .help = "a spec declares at least one param, host, service, event, order or import";
  }
  return declarations;
}

}  // namespace baton
