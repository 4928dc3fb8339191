// The syntax-error strategy of the ANTLR parser: what baton says about a syntax error ("expected
// input, output, action, handler or '}', found 'bogus'"), which repairs it refuses, where it
// resynchronises, and which errors it drops as echoes of one already reported.
#include "compiler/frontend/syntax_error_strategy.h"

#include "compiler/frontend/antlr_tokens.h"
#include "compiler/frontend/parse_tree_children.h"

namespace baton {
namespace {

using baton_grammar::BatonLexer;
using P = baton_grammar::BatonParser;

bool has(const antlr4::misc::IntervalSet& set, size_t token) {
  return set.contains(token);
}

/// A token as a message names it: `'text'` (cut after 24 code points), "a string", "end of
/// line" or "end of file".
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

/// Whether `last` (with `before` it) ends an operand of an expression: a literal, a closing
/// bracket, or a name that no declaration keyword introduces.
bool ends_operand(const antlr4::Token* last, const antlr4::Token* before) {
  if (last == nullptr) return false;
  switch (last->getType()) {
    case BatonLexer::INT:
    case BatonLexer::STR_END:
    case BatonLexer::RPAREN:
    case BatonLexer::RBRACK:
    case BatonLexer::TRUE:
    case BatonLexer::FALSE: return true;
    case BatonLexer::ID: break;
    default: return false;
  }
  if (before == nullptr) return true;
  switch (before->getType()) {
    case BatonLexer::PARAM:
    case BatonLexer::HOST:
    case BatonLexer::SERVICE:
    case BatonLexer::ON:
    case BatonLexer::INPUT:
    case BatonLexer::OUTPUT:
    case BatonLexer::CAPTURE:
    case BatonLexer::ACTION:
    case BatonLexer::HANDLER: return false;
    default: return true;
  }
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

}  // namespace

void BatonErrorStrategy::reportNoViableAlternative(antlr4::Parser* p,
                                                   const antlr4::NoViableAltException& e) {
  report(p, e.getOffendingToken(), expected_here(p));
}

void BatonErrorStrategy::reportInputMismatch(antlr4::Parser* p,
                                             const antlr4::InputMismatchException& e) {
  report(p, e.getOffendingToken(), expected_here(p));
}

void BatonErrorStrategy::reportFailedPredicate(antlr4::Parser* p,
                                               const antlr4::FailedPredicateException& e) {
  report(p, e.getOffendingToken(), p->getExpectedTokens());
}

void BatonErrorStrategy::reportUnwantedToken(antlr4::Parser* p) {
  if (inErrorRecoveryMode(p)) return;
  beginErrorCondition(p);
  report(p, p->getCurrentToken(), expected_here(p));
}

void BatonErrorStrategy::reportMissingToken(antlr4::Parser* p) {
  if (inErrorRecoveryMode(p)) return;
  beginErrorCondition(p);
  report(p, p->getCurrentToken(), expected_here(p));
}

/// ANTLR's sync throws at the entry of a `(...)*` loop that cannot be left here (the
/// `item*` of a file, the `member*` of a service) when the next token fits neither, and the
/// rule's recovery then skips to whatever follows the rule: a typo before the first
/// declaration lost the whole file, one before the first member the whole service. Recover
/// as ANTLR does at the loop's back edge instead: report, then skip to the next token that
/// can continue the loop or follow it.
void BatonErrorStrategy::sync(antlr4::Parser* p) {
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
void BatonErrorStrategy::consumeUntil(antlr4::Parser* p, const antlr4::misc::IntervalSet& set) {
  for (size_t type = p->getInputStream()->LA(1); type != antlr4::Token::EOF && !set.contains(type);
       type = p->getInputStream()->LA(1)) {
    if (type == BatonLexer::ID) skipped_names_.push_back(p->getCurrentToken()->getText());
    p->consume();
  }
}

/// Deleting a '}' to repair an error almost always swallows the end of a block and makes the
/// next declaration part of this one; deleting a keyword that starts a declaration or a
/// member (`input y = ...` after `web.`) glues that line onto the broken one and reports it
/// a second time; deleting the '->' of an event or the `before` of an order whose name is
/// missing misreads the rest of the line. Never do these: insertion or resynchronisation
/// does better.
antlr4::Token* BatonErrorStrategy::singleTokenDeletion(antlr4::Parser* p) {
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

/// What may come next: within the current rule when that is decided there (it names what
/// the rule itself needs, "an expression"), else including what may follow the rule.
antlr4::misc::IntervalSet BatonErrorStrategy::expected_here(antlr4::Parser* p) {
  antlr4::misc::IntervalSet within = p->getExpectedTokensWithinCurrentRule();
  if (!within.contains(antlr4::Token::EPSILON) && !within.isEmpty()) return within;
  return p->getExpectedTokens();
}

/// `kind 'name'`, or just `kind` when the name is missing or made up by recovery.
std::string BatonErrorStrategy::named(const std::string& kind, P::NameContext* n) {
  antlr4::tree::TerminalNode* id = n && n->children.size() == 1 ? n->ID() : nullptr;
  if (!id || dynamic_cast<antlr4::tree::ErrorNode*>(id) || is_missing(id->getSymbol())) return kind;
  return kind + " '" + id->getText() + "'";
}

BatonErrorStrategy::OpenBlock BatonErrorStrategy::open_block(antlr4::Parser* p) {
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

bool BatonErrorStrategy::ends_block(const antlr4::Token* t) {
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

void BatonErrorStrategy::report(antlr4::Parser* p, antlr4::Token* t,
                                const antlr4::misc::IntervalSet& expected) {
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
  // `when index = 0`: an assignment where a comparison was meant, right after an operand (not
  // after a declaration's keyword or name: `param = 5` lacks the name).
  if (t && t->getType() == BatonLexer::ASSIGN && !has(expected, BatonLexer::ASSIGN) &&
      ends_operand(p->getTokenStream()->LT(-1), p->getTokenStream()->LT(-2))) {
    d.help = "'=' gives a value; to compare, write '=='";
    compare_meant_after_.insert(p->getTokenStream()->LT(-1)->getTokenIndex());
  }
  // `service s on web[*]`: a service on a group is on every member already.
  const antlr4::Token* before = p->getTokenStream()->LT(-2);
  if (t && t->getType() == BatonLexer::LBRACK && before && before->getType() == BatonLexer::ON &&
      dynamic_cast<P::ServiceDeclContext*>(p->getContext()) != nullptr) {
    const std::string group = p->getTokenStream()->LT(-1)->getText();
    d.help = "a service on a replicated host runs on each of its members: write 'on " + group + "'";
  }
  // `param min = 1`: a keyword where a name belongs (the lexer declares the keywords first,
  // IMPORT to FALSE). Only on the same line: a keyword that starts the next line more likely
  // starts the next declaration, and this one is unfinished.
  const antlr4::Token* previous = p->getTokenStream()->LT(-1);
  if (t && has(expected, BatonLexer::ID) && t->getType() >= BatonLexer::IMPORT &&
      t->getType() <= BatonLexer::FALSE && previous && previous->getLine() == t->getLine())
    d.help = "'" + t->getText() + "' is a keyword and cannot be used as a name";
}

}  // namespace baton
