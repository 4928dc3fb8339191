// The IR builder: the only module that touches ANTLR. It lexes a file, checks the token stream
// for lexical errors and hostile nesting, parses (SLL first, full LL only when SLL fails),
// reports syntax errors in baton's own words, and walks the parse tree into the IR.
#include "compiler/ir_builder.h"

#include <charconv>
#include <cstdio>
#include <memory>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wattributes"
#include "BatonLexer.h"
#include "BatonParser.h"
#include "antlr4-runtime.h"
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
  if (t->getType() == antlr4::Token::EOF) {
    r.end_col = r.col;
    return r;
  }
  std::string text = t->getText();
  size_t nl = text.find('\n');
  if (nl != std::string::npos) text.resize(nl);
  if (!text.empty() && text.back() == '\r') text.pop_back();
  r.end_col = r.col + static_cast<uint32_t>(codepoints(text));
  return r;
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
std::string describe_expected(const antlr4::misc::IntervalSet& set, const antlr4::dfa::Vocabulary& vocab) {
  using L = BatonLexer;
  if (has(set, L::INT) && has(set, L::STR_START) && has(set, L::LPAREN))
    return "an expression";
  if (has(set, L::IMPORT) && has(set, L::SERVICE) && has(set, L::ORDER))
    return "a declaration (import, param, host, service, on or order)";
  if (has(set, L::INPUT) && has(set, L::ACTION) && has(set, L::RBRACE))
    return "input, output, action, handler or '}'";
  if (has(set, L::STR_END) && has(set, L::STR_TEXT)) return "'\"' to close the string";
  std::vector<std::string> words;
  for (size_t t : set.toList()) {
    if (t == static_cast<size_t>(antlr4::Token::EOF)) words.push_back("end of file");
    else if (t == L::ID) words.push_back("a name");
    else if (t == L::INT) words.push_back("an integer");
    else if (t == L::STR_START) words.push_back("a string");
    else {
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
  BatonErrorStrategy(FileId file, DiagnosticEngine& diags) : file_(file), diags_(diags) {}
  size_t reported() const { return reported_; }

 protected:
  void reportNoViableAlternative(antlr4::Parser* p, const antlr4::NoViableAltException& e) override {
    report(p, e.getOffendingToken(), expected_here(p));
  }
  void reportInputMismatch(antlr4::Parser* p, const antlr4::InputMismatchException& e) override {
    report(p, e.getOffendingToken(), expected_here(p));
  }
  void reportFailedPredicate(antlr4::Parser* p, const antlr4::FailedPredicateException& e) override {
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
  /// next declaration part of this one: never do it.
  antlr4::Token* singleTokenDeletion(antlr4::Parser* p) override {
    if (p->getCurrentToken()->getType() == BatonLexer::RBRACE) return nullptr;
    return DefaultErrorStrategy::singleTokenDeletion(p);
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

  static std::string ctx_name(P::NameContext* n) {
    return n && !is_missing(n->getStart()) ? n->getText() : std::string();
  }

  static OpenBlock open_block(antlr4::Parser* p) {
    std::string action;
    for (antlr4::RuleContext* c = p->getContext(); c; c = dynamic_cast<antlr4::RuleContext*>(c->parent)) {
      if (auto* a = dynamic_cast<P::ActionDeclContext*>(c)) {
        if (!a->LBRACE()) return {};
        action = std::string(a->HANDLER() ? "handler" : "action") + " '" + ctx_name(a->name()) + "'";
        antlr4::tree::ParseTree* member = c->parent;
        auto* svc = dynamic_cast<P::ServiceDeclContext*>(member ? member->parent : nullptr);
        if (svc && !svc->name().empty()) action += " of service '" + ctx_name(svc->name(0)) + "'";
        return {action, a->LBRACE()->getSymbol()};
      }
      if (auto* s = dynamic_cast<P::ServiceDeclContext*>(c)) {
        if (!s->LBRACE() || s->name().empty()) return {};
        return {"service '" + ctx_name(s->name(0)) + "'", s->LBRACE()->getSymbol()};
      }
      if (auto* h = dynamic_cast<P::HostDeclContext*>(c)) {
        if (!h->LBRACE()) return {};
        return {"host '" + ctx_name(h->name()) + "'", h->LBRACE()->getSymbol()};
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
      case BatonLexer::HOST:
        return true;
      default:
        return false;
    }
  }

  void report(antlr4::Parser* p, antlr4::Token* t, const antlr4::misc::IntervalSet& expected) {
    if (++reported_ > kMaxSyntaxErrorsPerFile) return;
    SourceRange at = token_range(file_, t);
    if (has(expected, BatonLexer::RBRACE) && t && ends_block(t)) {
      OpenBlock block = open_block(p);
      if (block.brace) {
        Diagnostic& d = diags_.report(
            DiagKind::UnclosedBlock, at,
            "expected '}' to close " + block.what + ", found " + describe_token(t));
        d.notes.push_back({token_range(file_, block.brace), block.what + " opened here"});
        return;
      }
    }
    std::string msg = "expected " + describe_expected(expected, p->getVocabulary()) + ", found " +
                      describe_token(t);
    Diagnostic& d = diags_.report(DiagKind::SyntaxError, at, msg);
    if (t && t->getType() == BatonLexer::RBRACE && !open_block(p).brace &&
        has(expected, BatonLexer::IMPORT))
      d.help = "this '}' closes no block";
  }

  static constexpr size_t kMaxSyntaxErrorsPerFile = 50;
  FileId file_;
  DiagnosticEngine& diags_;
  size_t reported_ = 0;
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

bool too_deep(FileId file, const antlr4::Token* t, DiagnosticEngine& diags) {
  diags.report(DiagKind::NestingTooDeep, token_range(file, t),
               "nesting deeper than " + std::to_string(kMaxNesting) +
                   " levels; the rest of this file is not read")
      .help = "flatten the expression, or split it with params or inputs";
  return false;
}

/// Reports lexical errors carried by hidden tokens, and refuses input nested beyond the limit
/// or whose lexer modes were thrown off (an unclosed ${ or a string open at the end of file).
/// Returns false when the file must not be parsed.
bool check_tokens(FileId file, SafeLexer& lexer, antlr4::CommonTokenStream& tokens,
                  DiagnosticEngine& diags) {
  struct Open {
    const antlr4::Token* token;
    bool interpolation;
  };
  std::vector<Open> strings;  // open string literals and interpolations, innermost last
  int depth = 0;
  for (antlr4::Token* t : tokens.getTokens()) {
    switch (t->getType()) {
      case BatonLexer::BAD_CHAR: {
        std::string text = t->getText();
        unsigned char c = text.empty() ? 0 : static_cast<unsigned char>(text[0]);
        std::string shown = (c >= 0x20 && c < 0x7f) ? "'" + text + "'" : fmt_codepoint(text);
        diags.report(DiagKind::InvalidCharacter, token_range(file, t),
                     "invalid character " + shown + " in spec");
        break;
      }
      case BatonLexer::UNTERMINATED_COMMENT: {
        SourceRange r = token_range(file, t);
        r.end_col = r.col + 2;
        diags.report(DiagKind::UnterminatedComment, r, "unterminated /* comment")
            .help = "close the comment with */";
        break;
      }
      case BatonLexer::STR_START:
        strings.push_back({t, false});
        break;
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
          diags.report(DiagKind::UnterminatedString, open,
                       "unterminated interpolation: expected '}' to close '${'")
              .help = "close the interpolation with } before the string's closing quote";
          return false;
        }
        diags.report(DiagKind::UnterminatedString, r, "unterminated string literal")
            .help = "close the string with \" before the end of the line";
        break;
      }
      case BatonLexer::STR_ESCAPE: {
        char c = t->getText().size() > 1 ? t->getText()[1] : 0;
        if (std::string_view("\"\\nt$r").find(c) == std::string_view::npos) {
          diags.report(DiagKind::InvalidEscape, token_range(file, t),
                       "unknown escape sequence '" + t->getText() + "'")
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
      case BatonLexer::RPAREN:
        depth = depth > 0 ? depth - 1 : 0;
        break;
      default:
        break;
    }
  }
  if (lexer.mode == BatonLexer::STR || !strings.empty()) {
    const antlr4::Token* open = strings.empty() ? nullptr : strings.back().token;
    SourceRange r = open ? token_range(file, open) : SourceRange{};
    diags.report(DiagKind::UnterminatedString, r,
                 open && open->getType() == BatonLexer::INTERP_START
                     ? "unterminated interpolation: expected '}' to close '${'"
                     : "unterminated string literal at end of file")
        .help = "close the string with \"";
    return false;
  }
  return true;
}

/// Walks the parse tree of one file into the module. Every accessor may return null after a
/// syntax error: a missing piece becomes an Error expression or drops its declaration, with no
/// further report (the syntax error already said it).
class IrBuilder {
 public:
  IrBuilder(FileId file, ir::Module& module, DiagnosticEngine& diags,
            std::vector<ImportRequest>& imports)
      : file_(file), m_(module), diags_(diags), imports_(imports) {}

  size_t build(P::FileContext* root) {
    size_t count = 0;
    for (P::ItemContext* item : root->item()) {
      if (auto* c = item->importDecl()) count += import_decl(c);
      else if (auto* c = item->paramDecl()) count += param_decl(c);
      else if (auto* c = item->hostDecl()) count += host_decl(c);
      else if (auto* c = item->serviceDecl()) count += service_decl(c);
      else if (auto* c = item->eventDecl()) count += event_decl(c);
      else if (auto* c = item->orderDecl()) count += order_decl(c);
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

  /// The identifier of a name, or false when the parser had to invent it.
  bool name(P::NameContext* c, std::string& out, SourceRange& where) const {
    if (!c || c->exception || is_missing(c->getStart())) return false;
    out = c->getText();
    where = range(c);
    return true;
  }

  // ---- declarations

  size_t import_decl(P::ImportDeclContext* c) {
    ExprId path = str(c->str());
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
    if (c->name().empty() || !name(c->name(0), p.name, p.name_range)) return 0;
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
    if (c->expr()) p.default_value = expr(c->expr());
    m_.params.push_back(std::move(p));
    return 1;
  }

  size_t host_decl(P::HostDeclContext* c) {
    ir::Host h;
    if (!name(c->name(), h.name, h.name_range)) return 0;
    h.range = range(c);
    if (c->LBRACK()) h.count = c->count ? expr(c->count) : error_expr(c);
    if (c->minimum) h.minimum = expr(c->minimum);
    for (P::HostAttrContext* a : c->hostAttr()) {
      ir::Attr attr;
      if (!name(a->name(), attr.name, attr.name_range)) continue;
      attr.range = range(a);
      attr.value = a->expr() ? expr(a->expr()) : error_expr(a);
      h.attrs.push_back(std::move(attr));
    }
    m_.hosts.push_back(std::move(h));
    return 1;
  }

  size_t service_decl(P::ServiceDeclContext* c) {
    ir::Service s;
    if (c->name().empty() || !name(c->name(0), s.name, s.name_range)) return 0;
    s.range = range(c);
    if (!name(c->hostRef, s.host, s.host_range)) s.host.clear();
    for (P::MemberContext* mc : c->member()) {
      if (auto* in = mc->inputDecl()) {
        ir::Input i;
        if (!name(in->name(), i.name, i.name_range)) continue;
        i.range = range(in);
        i.value = in->expr() ? expr(in->expr()) : error_expr(in);
        s.inputs.push_back(std::move(i));
      } else if (auto* out = mc->outputDecl()) {
        ir::Output o;
        if (!name(out->name(), o.name, o.name_range)) continue;
        o.range = range(out);
        o.captured = out->CAPTURE() != nullptr;
        o.value = o.captured ? str(out->str()) : out->expr() ? expr(out->expr()) : error_expr(out);
        s.outputs.push_back(std::move(o));
      } else if (auto* act = mc->actionDecl()) {
        ir::Action a;
        if (!name(act->name(), a.name, a.name_range)) continue;
        action_decl(act, a);
        s.actions.push_back(std::move(a));
      }
    }
    m_.services.push_back(std::move(s));
    return 1;
  }

  void action_decl(P::ActionDeclContext* c, ir::Action& a) {
    a.range = range(c);
    a.handler = c->HANDLER() != nullptr;
    for (P::ActionClauseContext* cl : c->actionClause()) {
      if (cl->WHEN()) {
        if (a.when.valid()) {
          diags_.report(DiagKind::SyntaxError, range(cl), "'when' given twice for '" + a.name + "'")
              .help = "combine the guards with &&";
          continue;
        }
        a.when = cl->expr() ? expr(cl->expr()) : error_expr(cl);
      } else if (cl->AFTER()) {
        for (P::TargetContext* t : cl->target())
          if (auto tg = target(t)) a.after.push_back(std::move(*tg));
      } else if (cl->REPEATABLE()) {
        a.repeatable = true;
        a.repeatable_range = range(cl);
      }
    }
    for (P::CommandContext* cmd : c->command()) {
      if (!cmd->str()) continue;
      a.commands.push_back({str(cmd->str()), range(cmd)});
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
      d.help = near.empty() ? "the events are changed, ok and failed"
                            : "did you mean '" + near + "'?";
    }
    m_.events.push_back(std::move(ev));
    return 1;
  }

  size_t order_decl(P::OrderDeclContext* c) {
    ir::Order o;
    o.range = range(c);
    bool then = false;
    for (antlr4::tree::ParseTree* child : c->children) {
      if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
        if (term->getSymbol()->getType() == BatonLexer::BEFORE) then = true;
        continue;
      }
      if (auto* t = dynamic_cast<P::TargetContext*>(child))
        if (auto tg = target(t)) (then ? o.then : o.first).push_back(std::move(*tg));
    }
    if (o.first.empty() || o.then.empty()) return 0;
    m_.orders.push_back(std::move(o));
    return 1;
  }

  std::optional<ir::Target> target(P::TargetContext* c) {
    if (!c) return std::nullopt;
    ir::Target t;
    std::vector<P::NameContext*> names = c->name();
    if (names.empty() || !name(names[0], t.service, t.service_range)) return std::nullopt;
    t.range = range(c);
    if (c->STAR()) {
      t.index_kind = ir::TargetIndex::Star;
    } else if (c->expr()) {
      t.index_kind = ir::TargetIndex::Expr;
      t.index = expr(c->expr());
    }
    if (c->DOT() && (names.size() < 2 || !name(names[1], t.action, t.action_range)))
      return std::nullopt;
    return t;
  }

  // ---- expressions

  ExprId add(ir::Expr e, uint32_t depth) {
    if (depth > static_cast<uint32_t>(kMaxExpressionDepth)) {
      if (!too_deep_reported_) {
        too_deep_reported_ = true;
        diags_.report(DiagKind::ExpressionTooLong, e.range,
                      "expression nested more than " + std::to_string(kMaxExpressionDepth) +
                          " levels deep")
            .help = "split the expression with inputs or params";
      }
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

  ExprId expr(P::ExprContext* c) {
    if (!c) return error_expr(c);
    too_deep_reported_ = false;
    std::vector<P::AndExprContext*> ands = c->andExpr();
    if (ands.empty()) return error_expr(c);
    ExprId acc = and_expr(ands[0]);
    for (size_t i = 1; i < ands.size(); ++i) acc = binary(ir::BinaryOp::Or, acc, and_expr(ands[i]));
    return acc;
  }

  ExprId and_expr(P::AndExprContext* c) {
    std::vector<P::CmpExprContext*> cmps = c->cmpExpr();
    if (cmps.empty()) return error_expr(c);
    ExprId acc = cmp_expr(cmps[0]);
    for (size_t i = 1; i < cmps.size(); ++i) acc = binary(ir::BinaryOp::And, acc, cmp_expr(cmps[i]));
    return acc;
  }

  ExprId cmp_expr(P::CmpExprContext* c) {
    std::vector<P::AddExprContext*> adds = c->addExpr();
    if (adds.empty()) return error_expr(c);
    ExprId lhs = add_expr(adds[0]);
    if (adds.size() < 2 || !c->op) return lhs;
    ir::BinaryOp op = ir::BinaryOp::Eq;
    switch (c->op->getType()) {
      case BatonLexer::EQ: op = ir::BinaryOp::Eq; break;
      case BatonLexer::NE: op = ir::BinaryOp::Ne; break;
      case BatonLexer::LT: op = ir::BinaryOp::Lt; break;
      case BatonLexer::LE: op = ir::BinaryOp::Le; break;
      case BatonLexer::GT: op = ir::BinaryOp::Gt; break;
      case BatonLexer::GE: op = ir::BinaryOp::Ge; break;
    }
    return binary(op, lhs, add_expr(adds[1]));
  }

  ExprId add_expr(P::AddExprContext* c) {
    std::vector<P::MulExprContext*> muls = c->mulExpr();
    std::vector<P::AddOpContext*> ops = c->addOp();
    if (muls.empty()) return error_expr(c);
    ExprId acc = mul_expr(muls[0]);
    for (size_t i = 1; i < muls.size(); ++i) {
      bool minus = i - 1 < ops.size() && ops[i - 1]->MINUS();
      acc = binary(minus ? ir::BinaryOp::Sub : ir::BinaryOp::Add, acc, mul_expr(muls[i]));
    }
    return acc;
  }

  ExprId mul_expr(P::MulExprContext* c) {
    std::vector<P::UnaryExprContext*> us = c->unaryExpr();
    std::vector<P::MulOpContext*> ops = c->mulOp();
    if (us.empty()) return error_expr(c);
    ExprId acc = unary_expr(us[0]);
    for (size_t i = 1; i < us.size(); ++i) {
      ir::BinaryOp op = ir::BinaryOp::Mul;
      if (i - 1 < ops.size()) {
        if (ops[i - 1]->SLASH()) op = ir::BinaryOp::Div;
        if (ops[i - 1]->PERCENT()) op = ir::BinaryOp::Mod;
      }
      acc = binary(op, acc, unary_expr(us[i]));
    }
    return acc;
  }

  ExprId unary_expr(P::UnaryExprContext* c) {
    if (!c->postfixExpr()) return error_expr(c);
    ExprId acc = postfix_expr(c->postfixExpr());
    std::vector<P::UnaryOpContext*> ops = c->unaryOp();
    for (size_t i = ops.size(); i-- > 0;) {
      ir::Expr e;
      e.kind = ExprKind::Unary;
      e.unary_op = ops[i]->BANG() ? ir::UnaryOp::Not : ir::UnaryOp::Neg;
      e.range = range(ops[i]).to(m_.expr(acc).range);
      e.lhs = acc;
      acc = add(std::move(e), 1 + depth(acc));
    }
    return acc;
  }

  ExprId postfix_expr(P::PostfixExprContext* c) {
    if (!c->primary()) return error_expr(c);
    ExprId acc = primary(c->primary());
    for (P::PostfixContext* pf : c->postfix()) {
      ir::Expr e;
      e.range = m_.expr(acc).range.to(range(pf));
      e.lhs = acc;
      uint32_t d = depth(acc);
      if (auto* mem = dynamic_cast<P::MemberPostfixContext*>(pf)) {
        if (!name(mem->name(), e.name, e.name_range)) return error_expr(c);
        e.kind = ExprKind::Member;
      } else if (dynamic_cast<P::SplatPostfixContext*>(pf)) {
        e.kind = ExprKind::Splat;
      } else if (auto* idx = dynamic_cast<P::IndexPostfixContext*>(pf)) {
        e.kind = ExprKind::Index;
        e.rhs = idx->expr() ? expr(idx->expr()) : error_expr(idx);
        d = std::max(d, depth(e.rhs));
      } else {
        return error_expr(c);
      }
      acc = add(std::move(e), d + 1);
    }
    return acc;
  }

  ExprId primary(P::PrimaryContext* c) {
    ir::Expr e;
    e.range = range(c);
    uint32_t d = 0;
    if (auto* i = dynamic_cast<P::IntPrimaryContext*>(c)) {
      e.kind = ExprKind::Int;
      std::string text = i->INT()->getText();
      auto res = std::from_chars(text.data(), text.data() + text.size(), e.int_value);
      if (res.ec != std::errc()) {
        diags_.report(DiagKind::IntegerTooLarge, e.range,
                      "integer literal " + text + " does not fit in 64 bits")
            .help = "the largest integer is 9223372036854775807";
        e.kind = ExprKind::Error;
      }
    } else if (auto* b = dynamic_cast<P::BoolPrimaryContext*>(c)) {
      e.kind = ExprKind::Bool;
      e.bool_value = b->TRUE() != nullptr;
    } else if (auto* s = dynamic_cast<P::StringPrimaryContext*>(c)) {
      return str(s->str());
    } else if (auto* l = dynamic_cast<P::ListPrimaryContext*>(c)) {
      e.kind = ExprKind::List;
      for (P::ExprContext* item : l->expr()) {
        e.items.push_back(expr(item));
        d = std::max(d, depth(e.items.back()));
      }
    } else if (auto* call = dynamic_cast<P::CallPrimaryContext*>(c)) {
      if (!name(call->name(), e.name, e.name_range)) return error_expr(c);
      e.kind = ExprKind::Call;
      for (P::ExprContext* arg : call->expr()) {
        e.items.push_back(expr(arg));
        d = std::max(d, depth(e.items.back()));
      }
    } else if (auto* h = dynamic_cast<P::HostPrimaryContext*>(c)) {
      e.kind = ExprKind::Name;
      e.name = "host";
      e.name_range = range(h);
    } else if (auto* n = dynamic_cast<P::NamePrimaryContext*>(c)) {
      if (!name(n->name(), e.name, e.name_range)) return error_expr(c);
      e.kind = ExprKind::Name;
    } else if (auto* p = dynamic_cast<P::ParenPrimaryContext*>(c)) {
      if (!p->expr()) return error_expr(c);
      bool reported = too_deep_reported_;
      ExprId inner = expr(p->expr());
      too_deep_reported_ = too_deep_reported_ || reported;
      return inner;
    }
    return add(std::move(e), d + 1);
  }

  ExprId str(P::StrContext* c) {
    if (!c || !c->STR_START()) return error_expr(c);
    ir::Expr e;
    e.kind = ExprKind::String;
    e.range = range(c);
    uint32_t d = 0;
    auto append_text = [&e](const std::string& text) {
      if (e.parts.empty() || e.parts.back().expr.valid()) e.parts.push_back({});
      e.parts.back().text += text;
    };
    for (P::StrPartContext* part : c->strPart()) {
      if (auto* t = dynamic_cast<P::TextPartContext*>(part)) {
        append_text(t->getText());
      } else if (auto* esc = dynamic_cast<P::EscapePartContext*>(part)) {
        std::string text = esc->getText();
        char ch = text.size() > 1 ? text[1] : '\\';
        switch (ch) {
          case 'n': append_text("\n"); break;
          case 't': append_text("\t"); break;
          case 'r': append_text("\r"); break;
          default: append_text(text.substr(1)); break;  // \" \\ \$ (others already reported)
        }
      } else if (auto* in = dynamic_cast<P::InterpPartContext*>(part)) {
        ir::StringPart sp;
        bool reported = too_deep_reported_;
        sp.expr = in->expr() ? expr(in->expr()) : error_expr(in);
        too_deep_reported_ = too_deep_reported_ || reported;
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
  std::vector<uint32_t> depth_;  ///< depth of each expression's tree, by ExprId
  bool too_deep_reported_ = false;
};

}  // namespace

size_t build_ir(const SourceManager& sources, FileId file, ir::Module& module,
                DiagnosticEngine& diags, std::vector<ImportRequest>& imports) {
  size_t errors_before = diags.error_count();
  antlr4::ANTLRInputStream input(sources.file(file).text);
  SafeLexer lexer(&input);
  SilentListener silent;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&silent);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (!check_tokens(file, lexer, tokens, diags)) return 0;

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
  try {
    root = parser.file();
  } catch (const antlr4::ParseCancellationException&) {
    tokens.seek(0);
    parser.reset();
    auto strategy = std::make_shared<BatonErrorStrategy>(file, diags);
    parser.setErrorHandler(strategy);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    root = parser.file();
    syntax_errors = strategy->reported();
  }
  IrBuilder builder(file, module, diags, imports);
  size_t declarations = builder.build(root);
  if (declarations == 0 && syntax_errors == 0 && diags.error_count() == errors_before) {
    SourceRange r{file, 1, 1, 1, 1};
    diags.report(DiagKind::EmptySpec, r, "'" + sources.file(file).display_name + "' declares nothing")
        .help = "a spec declares at least one param, host, service, event, order or import";
  }
  return declarations;
}

}  // namespace baton
