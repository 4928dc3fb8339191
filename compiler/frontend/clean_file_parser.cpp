// The fast path of the front end (see clean_file_parser.h). It mirrors two things exactly: the
// token rules of grammar/BatonLexer.g4 (longest match, the same lexer modes for strings and
// `${}`), and the IR that ParseTreeToIr (parse_tree_to_ir.cpp) makes from a parse tree without
// errors: every expression in the same order with the same range and depth. Whatever
// ParseTreeToIr or the token checks (token_checks.cpp) would report makes this parser give up
// instead (a Bail), so it has no messages.
#include "compiler/frontend/clean_file_parser.h"

#include <charconv>
#include <cstring>
#include <optional>

#include "compiler/frontend/module_mark.h"

namespace baton {
namespace {

enum class T : uint8_t {
  Eof,
  Id,
  Int,
  StrStart,
  StrText,
  InterpStart,
  StrEnd,
  Import,
  Param,
  Host,
  Min,
  Service,
  On,
  Input,
  Output,
  Capture,
  Action,
  Handler,
  When,
  After,
  Repeatable,
  Env,
  Op,
  Sh,
  Order,
  Before,
  True,
  False,
  Arrow,
  OrOr,
  AndAnd,
  Eq,
  Ne,
  Le,
  Ge,
  Lt,
  Gt,
  Assign,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Dot,
  Comma,
  Colon,
  Semi,
  LParen,
  RParen,
  LBrack,
  RBrack,
  LBrace,
  RBrace,
};

/// Thrown at the first thing that the ANTLR path must explain.
struct Bail {};

struct Token {
  T type = T::Eof;
  bool escapes = false;  ///< StrText: holds backslash escapes to decode
  uint32_t offset = 0, length = 0;
  uint32_t line = 0, col = 0;
};

T keyword_or_id(const char* p, size_t n) {
  struct Keyword {
    std::string_view text;
    T type;
  };
  static constexpr Keyword kKeywords[] = {
      {"import", T::Import},   {"param", T::Param},
      {"host", T::Host},       {"min", T::Min},
      {"service", T::Service}, {"on", T::On},
      {"input", T::Input},     {"output", T::Output},
      {"capture", T::Capture}, {"action", T::Action},
      {"handler", T::Handler}, {"when", T::When},
      {"after", T::After},     {"repeatable", T::Repeatable},
      {"sh", T::Sh},           {"order", T::Order},
      {"before", T::Before},   {"true", T::True},
      {"false", T::False},     {"env", T::Env},
      {"op", T::Op},
  };
  if (n < 2 || n > 10) return T::Id;
  for (const Keyword& k : kKeywords) {
    if (k.text.size() == n && k.text[0] == p[0] && std::memcmp(k.text.data(), p, n) == 0)
      return k.type;
  }
  return T::Id;
}

bool is_id_start(unsigned char c) {
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? true : c == '_';
}
bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
bool is_id_char(unsigned char c) {
  return is_id_start(c) || is_digit(c);
}
bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

/// BatonLexer.g4 by hand. Modes work as there: '"' pushes the string mode, '${' and '{' push
/// the default mode, '}' and the closing '"' pop (a pop with nothing pushed keeps the mode).
class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}
  /// A lexer that starts at `at` (outside any string, with `depth` brackets open before it).
  Lexer(std::string_view text, TextPoint at, int depth)
      : s_(text),
        pos_(at.offset),
        line_(at.line),
        line_start_(at.offset - (at.col - 1)),
        depth_(depth) {}

  Token next() { return in_string_ ? string_token() : default_token(); }
  /// How far the lexer has read.
  size_t position() const { return pos_; }

 private:
  /// Column of byte `pos` on the current line, in code points, 1-based. Bytes beyond ASCII
  /// occur only in strings and comments, which count their continuation bytes as they go.
  uint32_t col(size_t pos) const {
    return static_cast<uint32_t>(pos - line_start_ - continuation_bytes_ + 1);
  }

  Token make(T type, size_t start, size_t end) {
    Token t;
    t.type = type;
    t.offset = static_cast<uint32_t>(start);
    t.length = static_cast<uint32_t>(end - start);
    t.line = line_;
    t.col = col(start);
    return t;
  }

  void push(bool string_mode) {
    modes_.push_back(in_string_);
    in_string_ = string_mode;
  }
  void pop() {
    if (modes_.empty()) return;
    in_string_ = modes_.back();
    modes_.pop_back();
  }
  void open() {
    if (++depth_ > kMaxNesting) throw Bail{};
  }
  void close() {
    if (depth_ > 0) --depth_;
  }

  void newline(size_t pos) {
    ++line_;
    line_start_ = pos + 1;
    continuation_bytes_ = 0;
  }

  /// Whitespace and comments (skipped tokens in the grammar).
  void skip_trivia() {
    const size_t n = s_.size();
    while (pos_ < n) {
      char c = s_[pos_];
      if (c == '\n') {
        newline(pos_);
        ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        ++pos_;
      } else if (c == '#' || (c == '/' && pos_ + 1 < n && s_[pos_ + 1] == '/')) {
        while (pos_ < n && s_[pos_] != '\n' && s_[pos_] != '\r') {
          continuation_bytes_ += is_continuation(s_[pos_]);
          ++pos_;
        }
      } else if (c == '/' && pos_ + 1 < n && s_[pos_ + 1] == '*') {
        size_t close = s_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) throw Bail{};  // unterminated comment
        for (size_t i = pos_; i < close; ++i) {
          if (s_[i] == '\n') {
            newline(i);
          } else {
            continuation_bytes_ += is_continuation(s_[i]);
          }
        }
        pos_ = close + 2;
      } else {
        return;
      }
    }
  }

  Token default_token() {
    skip_trivia();
    const size_t n = s_.size();
    size_t start = pos_;
    if (pos_ >= n) return make(T::Eof, start, start);
    auto c = static_cast<unsigned char>(s_[pos_]);
    auto at = [&](size_t k) { return pos_ + k < n ? s_[pos_ + k] : '\0'; };
    auto op = [&](T type, size_t len) {
      pos_ += len;
      return make(type, start, pos_);
    };
    if (is_id_start(c)) {
      while (pos_ < n && is_id_char(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      return make(keyword_or_id(s_.data() + start, pos_ - start), start, pos_);
    }
    if (is_digit(c)) {
      while (pos_ < n && is_digit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      return make(T::Int, start, pos_);
    }
    switch (c) {
      case '"': push(true); return op(T::StrStart, 1);
      case '-': return at(1) == '>' ? op(T::Arrow, 2) : op(T::Minus, 1);
      case '|':
        if (at(1) == '|') return op(T::OrOr, 2);
        break;
      case '&':
        if (at(1) == '&') return op(T::AndAnd, 2);
        break;
      case '=': return at(1) == '=' ? op(T::Eq, 2) : op(T::Assign, 1);
      case '!': return at(1) == '=' ? op(T::Ne, 2) : op(T::Bang, 1);
      case '<': return at(1) == '=' ? op(T::Le, 2) : op(T::Lt, 1);
      case '>': return at(1) == '=' ? op(T::Ge, 2) : op(T::Gt, 1);
      case '+': return op(T::Plus, 1);
      case '*': return op(T::Star, 1);
      case '/': return op(T::Slash, 1);
      case '%': return op(T::Percent, 1);
      case '.': return op(T::Dot, 1);
      case ',': return op(T::Comma, 1);
      case ':': return op(T::Colon, 1);
      case ';': return op(T::Semi, 1);
      case '(': open(); return op(T::LParen, 1);
      case ')': close(); return op(T::RParen, 1);
      case '[': open(); return op(T::LBrack, 1);
      case ']': close(); return op(T::RBrack, 1);
      case '{':
        open();
        push(false);
        return op(T::LBrace, 1);
      case '}':
        close();
        pop();
        return op(T::RBrace, 1);
      default: break;
    }
    throw Bail{};  // a character no token starts with
  }

  /// Inside a string: the closing quote, '${', or a run of text and escapes.
  Token string_token() {
    const size_t n = s_.size();
    size_t start = pos_;
    if (pos_ >= n) throw Bail{};  // unterminated string
    if (s_[pos_] == '"') {
      pop();
      ++pos_;
      return make(T::StrEnd, start, pos_);
    }
    if (s_[pos_] == '$' && pos_ + 1 < n && s_[pos_ + 1] == '{') {
      open();
      push(false);
      pos_ += 2;
      return make(T::InterpStart, start, pos_);
    }
    // Token positions are taken before the run's continuation bytes are counted.
    Token t = make(T::StrText, start, start);
    while (pos_ < n) {
      char c = s_[pos_];
      if (c == '"') break;
      if (c == '\n' || c == '\r') throw Bail{};  // unterminated (or a lone CR the lexer drops)
      if (c == '\\') {
        char e = pos_ + 1 < n ? s_[pos_ + 1] : '\n';
        if (std::strchr("\"\\nt$r", e) == nullptr || e == '\0') throw Bail{};
        t.escapes = true;
        pos_ += 2;
        continue;
      }
      if (c == '$') {
        char e = pos_ + 1 < n ? s_[pos_ + 1] : '"';
        if (e == '{') break;
        // `'$' ~["{\\\r\n]` takes the next character along; before those, '$' stands alone.
        pos_ += (e == '"' || e == '\\' || e == '\r' || e == '\n') ? 1 : 2;
        continue;
      }
      ++pos_;
    }
    for (size_t i = start; i < pos_; ++i) continuation_bytes_ += is_continuation(s_[i]);
    t.length = static_cast<uint32_t>(pos_ - start);
    return t;
  }

  std::string_view s_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
  size_t continuation_bytes_ = 0;  ///< on the current line, before pos_
  bool in_string_ = false;
  std::vector<bool> modes_;
  int depth_ = 0;  ///< open ( [ { ${, as the token check counts them
};

/// An expression built, with the depth of its tree (ParseTreeToIr's limit applies to it).
struct E {
  ir::ExprId id;
  uint32_t depth = 1;
};

/// BatonParser.g4 by hand, building what ParseTreeToIr builds.
class Parser {
 public:
  Parser(FileId file, std::string_view text, ir::Module& m, std::vector<ImportRequest>& imports)
      : file_(file), text_(text), lexer_(text), m_(m), imports_(imports) {
    cur_ = lexer_.next();
  }
  /// A parser that starts at `at`, between two declarations (see Lexer).
  Parser(FileId file, std::string_view text, TextPoint at, int depth, ir::Module& m,
         std::vector<ImportRequest>& imports)
      : file_(file), text_(text), lexer_(text, at, depth), m_(m), imports_(imports) {}
  /// Reads the first token: may Bail.
  void start() { cur_ = lexer_.next(); }

  /// The token about to be parsed, and the last one taken.
  const Token& current() const { return cur_; }
  const Token& previous() const { return prev_; }
  size_t lexer_position() const { return lexer_.position(); }

  /// One declaration, if the current token starts one; false at the end of the file.
  bool declaration() {
    switch (cur_.type) {
      case T::Eof: return false;
      case T::Import: import_decl(); break;
      case T::Param: param_decl(); break;
      case T::Host: host_decl(); break;
      case T::Service: service_decl(); break;
      case T::On: event_decl(); break;
      case T::Order: order_decl(); break;
      default: throw Bail{};
    }
    return true;
  }

  /// The point just after the last token taken, from the token's position in its line.
  TextPoint after_previous() const {
    uint32_t cps = 0;
    for (uint32_t i = 0; i < prev_.length; ++i) cps += !is_continuation(text_[prev_.offset + i]);
    return TextPoint{prev_.offset + prev_.length, prev_.line, prev_.col + cps};
  }

  size_t file() {
    size_t count = 0;
    while (declaration()) ++count;
    if (count == 0) throw Bail{};  // the empty-spec diagnostic
    return count;
  }

 private:
  // ---- tokens

  const Token& peek2() {
    if (!has_next_) {
      next_ = lexer_.next();
      has_next_ = true;
    }
    return next_;
  }
  Token take() {
    prev_ = cur_;
    if (has_next_) {
      cur_ = next_;
      has_next_ = false;
    } else {
      cur_ = lexer_.next();
    }
    return prev_;
  }
  Token expect(T type) {
    if (cur_.type != type) throw Bail{};
    return take();
  }
  bool accept(T type) {
    if (cur_.type != type) return false;
    take();
    return true;
  }

  std::string_view text(const Token& t) const { return text_.substr(t.offset, t.length); }
  SourceRange range(const Token& t) const {
    return SourceRange{file_, t.line, t.col, t.line, t.col + t.length};
  }
  /// From `start` to the last token taken: the range of a rule in the parse tree.
  SourceRange span(const Token& start) const { return range(start).to(range(prev_)); }

  std::string name(SourceRange& where) {
    Token id = expect(T::Id);
    where = range(id);
    return std::string(text(id));
  }

  // ---- declarations

  void import_decl() {
    take();
    E path = str();
    accept(T::Semi);
    const ir::Expr& e = m_.expr(path.id);
    if (e.parts.size() > 1 || (e.parts.size() == 1 && e.parts[0].expr.valid())) throw Bail{};
    imports_.push_back({e.parts.empty() ? std::string() : e.parts[0].text, e.range});
  }

  void param_decl() {
    Token start = take();
    ir::Param p;
    p.name = name(p.name_range);
    if (accept(T::Colon)) {
      p.type = ir::type_from_name(name(p.type_range));
      if (!p.type) throw Bail{};
    }
    if (accept(T::Assign)) p.default_value = expr().id;
    accept(T::Semi);
    p.range = span(start);
    m_.params.push_back(std::move(p));
  }

  void host_decl() {
    Token start = take();
    ir::Host h;
    h.name = name(h.name_range);
    if (accept(T::LBrack)) {
      h.count = expr().id;
      expect(T::RBrack);
      if (accept(T::Min)) h.minimum = expr().id;
    }
    expect(T::LBrace);
    while (cur_.type == T::Id) {
      Token first = cur_;
      ir::Attr a;
      a.name = name(a.name_range);
      expect(T::Assign);
      a.value = expr().id;
      accept(T::Semi);
      a.range = span(first);
      h.attrs.push_back(std::move(a));
    }
    expect(T::RBrace);
    h.range = span(start);
    m_.hosts.push_back(std::move(h));
  }

  void service_decl() {
    Token start = take();
    ir::Service s;
    s.name = name(s.name_range);
    expect(T::On);
    s.host = name(s.host_range);
    expect(T::LBrace);
    for (;;) {
      if (cur_.type == T::Input) {
        s.inputs.push_back(named_value<ir::Input>([this](ir::Input& i) { i.value = expr().id; }));
      } else if (cur_.type == T::Output) {
        s.outputs.push_back(named_value<ir::Output>([this](ir::Output& o) {
          o.captured = accept(T::Capture);
          o.value = o.captured ? str().id : expr().id;
        }));
      } else if (cur_.type == T::Action || cur_.type == T::Handler) {
        s.actions.push_back(action_decl());
      } else {
        break;
      }
    }
    expect(T::RBrace);
    s.range = span(start);
    m_.services.push_back(std::move(s));
  }

  /// `input NAME = value` or `output NAME = value`, the value read by `value`.
  template <typename Member, typename Value>
  Member named_value(Value value) {
    Token first = take();
    Member m;
    m.name = name(m.name_range);
    expect(T::Assign);
    value(m);
    accept(T::Semi);
    m.range = span(first);
    return m;
  }

  ir::Action action_decl() {
    Token start = take();
    ir::Action a;
    a.handler = start.type == T::Handler;
    a.name = name(a.name_range);
    for (;;) {
      if (accept(T::When)) {
        if (a.when.valid()) throw Bail{};  // 'when' given twice
        a.when = expr().id;
      } else if (accept(T::After)) {
        do a.after.push_back(target());
        while (accept(T::Comma));
      } else if (accept(T::Op)) {
        if (!a.operation.empty()) throw Bail{};  // 'op' given twice
        a.operation = name(a.operation_range);
      } else if (cur_.type == T::Repeatable) {
        a.repeatable = true;
        a.repeatable_range = range(take());
      } else if (accept(T::Env)) {
        do {
          ir::EnvVar v;
          v.name = name(v.name_range);
          expect(T::Assign);
          v.value = expr().id;
          a.env.push_back(std::move(v));
        } while (accept(T::Comma));
      } else {
        break;
      }
    }
    expect(T::LBrace);
    while (cur_.type == T::Sh) {
      Token sh = take();
      ir::ExprId text = str().id;
      accept(T::Semi);
      a.commands.push_back({text, span(sh)});
    }
    expect(T::RBrace);
    a.range = span(start);
    return a;
  }

  void event_decl() {
    Token start = take();
    ir::Event ev;
    ev.emitter = target();
    ev.event_word = name(ev.event_range);
    expect(T::Arrow);
    ev.subscriber = target();
    accept(T::Semi);
    ev.range = span(start);
    for (ir::EventKind k : {ir::EventKind::Changed, ir::EventKind::Ok, ir::EventKind::Failed})
      if (ev.event_word == ir::event_name(k)) ev.kind = k;
    if (!ev.kind) throw Bail{};  // unknown event
    m_.events.push_back(std::move(ev));
  }

  void order_decl() {
    Token start = take();
    ir::Order o;
    do o.first.push_back(target());
    while (accept(T::Comma));
    expect(T::Before);
    do o.then.push_back(target());
    while (accept(T::Comma));
    accept(T::Semi);
    o.range = span(start);
    m_.orders.push_back(std::move(o));
  }

  ir::Target target() {
    Token start = cur_;
    ir::Target t;
    t.service = name(t.service_range);
    if (accept(T::LBrack)) {
      if (accept(T::Star)) {
        t.index_kind = ir::TargetIndex::Star;
      } else {
        t.index_kind = ir::TargetIndex::Expr;
        t.index = expr().id;
      }
      expect(T::RBrack);
    }
    if (accept(T::Dot)) t.action = name(t.action_range);
    t.range = span(start);
    return t;
  }

  // ---- expressions

  E add(ir::Expr&& e, uint32_t depth) {
    if (depth > static_cast<uint32_t>(kMaxExpressionDepth)) throw Bail{};  // too long
    return {m_.add(std::move(e)), depth};
  }

  E binary(ir::BinaryOp op, E lhs, E rhs) {
    ir::Expr e;
    e.kind = ir::ExprKind::Binary;
    e.binary_op = op;
    e.range = m_.expr(lhs.id).range.to(m_.expr(rhs.id).range);
    e.lhs = lhs.id;
    e.rhs = rhs.id;
    return add(std::move(e), 1 + std::max(lhs.depth, rhs.depth));
  }

  static bool binary_op(T type, ir::BinaryOp& op) {
    using B = ir::BinaryOp;
    switch (type) {
      case T::OrOr: op = B::Or; return true;
      case T::AndAnd: op = B::And; return true;
      case T::Eq: op = B::Eq; return true;
      case T::Ne: op = B::Ne; return true;
      case T::Lt: op = B::Lt; return true;
      case T::Le: op = B::Le; return true;
      case T::Gt: op = B::Gt; return true;
      case T::Ge: op = B::Ge; return true;
      case T::Plus: op = B::Add; return true;
      case T::Minus: op = B::Sub; return true;
      case T::Star: op = B::Mul; return true;
      case T::Slash: op = B::Div; return true;
      case T::Percent: op = B::Mod; return true;
      default: return false;
    }
  }

  /// The binary precedence levels, loosest first; comparisons take one operator at most.
  enum Level { kOr, kAnd, kCmp, kAdd, kMul, kUnary };
  static Level level_of(ir::BinaryOp op) {
    using B = ir::BinaryOp;
    switch (op) {
      case B::Or: return kOr;
      case B::And: return kAnd;
      case B::Add:
      case B::Sub: return kAdd;
      case B::Mul:
      case B::Div:
      case B::Mod: return kMul;
      default: return kCmp;
    }
  }

  E expr() { return binary_level(kOr); }

  /// `operand (op operand)*` at `level`, folded left to right as ParseTreeToIr::chain does.
  E binary_level(Level level) {
    if (level == kUnary) return unary_expr();
    auto next = static_cast<Level>(level + 1);
    E acc = binary_level(next);
    ir::BinaryOp op{};
    while (binary_op(cur_.type, op) && level_of(op) == level) {
      take();
      E rhs = binary_level(next);
      acc = binary(op, acc, rhs);
      if (level == kCmp) break;
    }
    return acc;
  }

  E unary_expr() {
    std::vector<Token> ops;
    while (cur_.type == T::Bang || cur_.type == T::Minus) ops.push_back(take());
    E acc = postfix_expr();
    for (size_t i = ops.size(); i-- > 0;) {
      ir::Expr e;
      e.kind = ir::ExprKind::Unary;
      e.unary_op = ops[i].type == T::Bang ? ir::UnaryOp::Not : ir::UnaryOp::Neg;
      e.range = range(ops[i]).to(m_.expr(acc.id).range);
      e.lhs = acc.id;
      acc = add(std::move(e), 1 + acc.depth);
    }
    return acc;
  }

  E postfix_expr() {
    E acc = primary();
    for (;;) {
      ir::Expr e;
      e.lhs = acc.id;
      uint32_t d = acc.depth;
      if (accept(T::Dot)) {
        e.kind = ir::ExprKind::Member;
        e.name = name(e.name_range);
      } else if (cur_.type == T::LBrack && peek2().type == T::Star) {
        take();
        take();
        expect(T::RBrack);
        e.kind = ir::ExprKind::Splat;
      } else if (accept(T::LBrack)) {
        e.kind = ir::ExprKind::Index;
        E index = expr();
        expect(T::RBrack);
        e.rhs = index.id;
        d = std::max(d, index.depth);
      } else {
        return acc;
      }
      e.range = m_.expr(acc.id).range.to(range(prev_));
      acc = add(std::move(e), d + 1);
    }
  }

  /// `expr (, expr)* ,?` up to `close`, which is taken; the deepest item's depth in `deepest`.
  std::vector<ir::ExprId> items(T close, uint32_t& deepest) {
    std::vector<ir::ExprId> out;
    while (cur_.type != close) {
      E item = expr();
      out.push_back(item.id);
      deepest = std::max(deepest, item.depth);
      if (!accept(T::Comma)) break;
    }
    expect(close);
    return out;
  }

  E primary() {
    ir::Expr e;
    uint32_t d = 0;
    Token start = cur_;
    switch (start.type) {
      case T::Int: {
        take();
        e.kind = ir::ExprKind::Int;
        std::string_view digits = text(start);
        auto res = std::from_chars(digits.data(), digits.data() + digits.size(), e.int_value);
        if (res.ec != std::errc()) throw Bail{};  // does not fit in 64 bits
        break;
      }
      case T::True:
      case T::False:
        take();
        e.kind = ir::ExprKind::Bool;
        e.bool_value = start.type == T::True;
        break;
      case T::StrStart: return str();
      case T::LBrack:
        take();
        e.kind = ir::ExprKind::List;
        e.items = items(T::RBrack, d);
        break;
      case T::Id:
        if (peek2().type == T::LParen) {
          e.kind = ir::ExprKind::Call;
          e.name = name(e.name_range);
          take();
          e.items = items(T::RParen, d);
        } else {
          e.kind = ir::ExprKind::Name;
          e.name = name(e.name_range);
        }
        break;
      case T::Host:
        take();
        e.kind = ir::ExprKind::Name;
        e.name = "host";
        e.name_range = range(start);
        break;
      case T::LParen: {
        take();
        E inner = expr();
        expect(T::RParen);
        return inner;
      }
      default: throw Bail{};
    }
    e.range = span(start);
    return add(std::move(e), d + 1);
  }

  E str() {
    Token open = expect(T::StrStart);
    ir::Expr e;
    e.kind = ir::ExprKind::String;
    uint32_t d = 0;
    // The parts gather on a stack shared with the strings nested in this one's `${}`, so that
    // the expression gets a vector of exactly its size (most strings have a few parts; growing
    // each vector one part at a time left a third of a flat spec's part storage unused).
    const size_t base = parts_.size();
    for (;;) {
      if (cur_.type == T::StrText) {
        Token t = take();
        if (parts_.size() == base || parts_.back().expr.valid()) parts_.emplace_back();
        append_text(parts_.back().text, t);
      } else if (accept(T::InterpStart)) {
        E inner = expr();
        expect(T::RBrace);
        parts_.push_back({std::string(), inner.id});
        d = std::max(d, inner.depth);
      } else {
        expect(T::StrEnd);
        break;
      }
    }
    e.parts.reserve(parts_.size() - base);
    for (size_t k = base; k < parts_.size(); ++k) e.parts.push_back(std::move(parts_[k]));
    parts_.resize(base);
    e.range = span(open);
    return add(std::move(e), d + 1);
  }

  void append_text(std::string& out, const Token& t) const {
    std::string_view raw = text(t);
    if (!t.escapes) {
      out += raw;
      return;
    }
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        out += raw[i];
        continue;
      }
      char c = raw[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
    }
  }

  FileId file_;
  std::string_view text_;
  Lexer lexer_;
  ir::Module& m_;
  /// The parts of the strings being parsed, innermost last (see str()).
  std::vector<ir::StringPart> parts_;
  std::vector<ImportRequest>& imports_;
  Token cur_, next_, prev_;
  bool has_next_ = false;
};

/// About one expression per 20 bytes of spec: one allocation instead of a doubling series
/// (each a copy of every expression so far, and page faults on fresh memory). Never less than
/// double, though: reserving exactly what each small file of a long import chain needs would
/// copy every expression parsed so far once per file.
void reserve_expressions(ir::Module& module, size_t bytes) {
  const size_t needed = module.exprs.size() + bytes / 20, doubled = 2 * module.exprs.capacity();
  if (needed > module.exprs.capacity()) module.exprs.reserve(needed > doubled ? needed : doubled);
}

}  // namespace

bool parse_clean_file(FileId file, std::string_view text, ir::Module& module,
                      std::vector<ImportRequest>& imports, size_t& declarations) {
  const ModuleMark mark(module, imports);
  reserve_expressions(module, text.size());
  try {
    Parser parser(file, text, module, imports);
    declarations = parser.file();
    return true;
  } catch (const Bail&) {
    mark.undo(module, imports);
    return false;
  }
}

CleanRun parse_clean_run(FileId file, std::string_view text, TextPoint begin, int depth,
                         ir::Module& module, std::vector<ImportRequest>& imports) {
  CleanRun run;
  if (begin.offset == 0) reserve_expressions(module, text.size());
  // The last declaration that starts its line (no token before it on that line), with the
  // point just after the token before it and the module as it was then: where a window
  // that must hold one declaration before the broken one starts.
  struct Start {
    TextPoint at;
    ModuleMark mark;
    size_t declarations;
  };
  const Start first{begin, ModuleMark(module, imports), 0};
  std::optional<Start> last_line_start;
  Parser parser(file, text, begin, depth, module, imports);
  TextPoint before = begin;  // just after the token before the current declaration
  bool had_token = false;
  uint32_t previous_line = 0;
  try {
    parser.start();
    for (;;) {
      bool starts_line = !had_token || parser.current().line > previous_line;
      std::optional<Start> here;
      if (starts_line) here = Start{before, ModuleMark(module, imports), run.declarations};
      if (!parser.declaration()) break;
      ++run.declarations;
      if (here) last_line_start = here;
      had_token = true;
      previous_line = parser.previous().line;
      before = parser.after_previous();
    }
    run.complete = true;
    return run;
  } catch (const Bail&) {
    run.failed_at = parser.lexer_position();
    // The declarations that did parse go to the window from the last one that starts its
    // line: its tokens are what ANTLR's messages look back at.
    const Start& from = last_line_start ? *last_line_start : first;
    from.mark.undo(module, imports);
    run.declarations = from.declarations;
    run.window = from.at;
    run.window_at_begin = !last_line_start;
    return run;
  }
}

bool clean_declaration_at(FileId file, std::string_view text, TextPoint at, TextPoint& end) {
  ir::Module scratch;
  std::vector<ImportRequest> imports;
  try {
    Parser parser(file, text, at, 0, scratch, imports);
    parser.start();
    if (!parser.declaration()) return false;
    if (parser.current().type != T::Eof && parser.current().line <= parser.previous().line)
      return false;
    end = parser.after_previous();
    return true;
  } catch (const Bail&) {
    return false;
  }
}

}  // namespace baton
