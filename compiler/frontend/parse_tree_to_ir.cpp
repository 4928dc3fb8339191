// The walk from an ANTLR parse tree to the IR: one file's declarations and expressions, read
// from the contexts by exact class.
#include "compiler/frontend/parse_tree_to_ir.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

#include "compiler/base/closest_name.h"
#include "compiler/frontend/antlr_tokens.h"
#include "compiler/frontend/parse_tree_children.h"

namespace baton {
namespace {

using baton_grammar::BatonLexer;
using P = baton_grammar::BatonParser;
using ir::ExprId;
using ir::ExprKind;

/// Walks the parse tree of one file into the module. After a syntax error any piece may be
/// missing: a missing piece becomes an Error expression or drops its declaration, with no
/// further report (the syntax error already said it). Children are found with as<T> and
/// first<T> rather than the generated accessors (see as<T>).
class ParseTreeToIr {
 public:
  ParseTreeToIr(FileId file, ir::Module& module, DiagnosticEngine& diags,
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
            // `when index = 0`: the guard parsed is `index`, which the syntax error's hint
            // already explains; its type is no second mistake.
            bool compare_meant = guard && recovery_ && guard->getStop() &&
                                 recovery_->compare_meant_after(guard->getStop()->getTokenIndex());
            a.when = guard && !compare_meant ? expr(guard) : error_expr(cl);
            break;
          }
          case BatonLexer::AFTER:
            for (antlr4::tree::ParseTree* t : cl->children) {
              if (auto* tc = as<P::TargetContext>(t))
                if (auto tg = target(tc)) a.after.push_back(std::move(*tg));
            }
            break;
          case BatonLexer::OP:
            if (!a.operation.empty()) {
              diags_.report(DiagKind::SyntaxError, range(cl),
                            "'op' given twice for '" + a.name + "'");
              continue;
            }
            name(cl->operation, a.operation, a.operation_range);
            break;
          case BatonLexer::REPEATABLE:
            a.repeatable = true;
            a.repeatable_range = range(cl);
            break;
          case BatonLexer::ENV:
            for (antlr4::tree::ParseTree* v : cl->children) {
              auto* vc = as<P::EnvVarContext>(v);
              if (!vc) continue;
              ir::EnvVar var;
              auto* value = first<P::ExprContext>(vc);
              if (!name(vc->name(), var.name, var.name_range)) continue;
              var.value = value ? expr(value) : error_expr(vc);
              a.env.push_back(std::move(var));
            }
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
        c, &ParseTreeToIr::and_expr,
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
        c, &ParseTreeToIr::cmp_expr,
        [](antlr4::tree::ParseTree*, ir::BinaryOp& op) { op = ir::BinaryOp::And; });
  }

  ExprId cmp_expr(P::CmpExprContext* c) {
    return chain<P::AddExprContext>(c, &ParseTreeToIr::add_expr,
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
        c, &ParseTreeToIr::mul_expr, [](antlr4::tree::ParseTree* t, ir::BinaryOp& op) {
          if (auto* o = as<P::AddOpContext>(t)) {
            op = o->getStart()->getType() == BatonLexer::MINUS ? ir::BinaryOp::Sub
                                                               : ir::BinaryOp::Add;
          }
        });
  }

  ExprId mul_expr(P::MulExprContext* c) {
    return chain<P::UnaryExprContext>(c, &ParseTreeToIr::unary_expr,
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

size_t parse_tree_to_ir(P::FileContext* root, FileId file, ir::Module& module,
                        DiagnosticEngine& diags, std::vector<ImportRequest>& imports,
                        const BatonErrorStrategy* recovery) {
  return ParseTreeToIr(file, module, diags, imports, recovery).build(root);
}

}  // namespace baton
