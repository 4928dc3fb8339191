// The IR as text (see ir_dump.h for the format): written line by line, without recursion, so
// that a module of any size or depth dumps in time linear in its size.
#include "compiler/ir/ir_dump.h"

#include <optional>
#include <vector>

namespace baton::ir {
namespace {

const char* kind_name(ExprKind k) {
  switch (k) {
    case ExprKind::Error: return "error";
    case ExprKind::Int: return "int";
    case ExprKind::Bool: return "bool";
    case ExprKind::String: return "string";
    case ExprKind::List: return "list";
    case ExprKind::Name: return "name";
    case ExprKind::Member: return "member";
    case ExprKind::Index: return "index";
    case ExprKind::Splat: return "splat";
    case ExprKind::Unary: return "unary";
    case ExprKind::Binary: return "binary";
    case ExprKind::Call: return "call";
  }
  return "?";
}

bool same_range(const SourceRange& a, const SourceRange& b) {
  return a.file == b.file && a.line == b.line && a.col == b.col && a.end_line == b.end_line &&
         a.end_col == b.end_col;
}

/// A range that nothing set: the builders leave it so for what is absent.
bool is_unset(const SourceRange& r) {
  return same_range(r, SourceRange{});
}

/// `text` in double quotes, with quotes, backslashes and control characters escaped, so that
/// any text stays on its line.
std::string quoted(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (u < 0x20 || u == 0x7f) {
          out += "\\x";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out + '"';
}

/// The expressions that hold the value written for a secret param: each secret default and
/// everything under it. A worklist, not recursion: no expression's depth reaches the stack.
std::vector<bool> secret_values(const Module& m) {
  std::vector<bool> secret(m.exprs.size(), false);
  std::vector<ExprId> work;
  for (const Param& p : m.params)
    if (p.type == Type::Secret && p.default_value.valid()) work.push_back(p.default_value);
  auto push = [&work](ExprId id) {
    if (id.valid()) work.push_back(id);
  };
  while (!work.empty()) {
    ExprId id = work.back();
    work.pop_back();
    if (id.value >= secret.size() || secret[id.value]) continue;
    secret[id.value] = true;
    const Expr& e = m.expr(id);
    push(e.lhs);
    push(e.rhs);
    for (ExprId item : e.items) push(item);
    for (const StringPart& part : e.parts) push(part.expr);
  }
  return secret;
}

/// Writes the dump of one module (the format is in ir_dump.h).
class Dumper {
 public:
  Dumper(const Module& m, const SourceManager& sources, const DumpOptions& options)
      : m_(m), sources_(sources) {
    if (!options.show_secret_values) hidden_ = secret_values(m);
  }

  std::string run() {
    module_lines();
    for (size_t i = 0; i < m_.exprs.size(); ++i) expr_line(static_cast<uint32_t>(i));
    for (const Param& p : m_.params) param_line(p);
    for (const Host& h : m_.hosts) host_lines(h);
    for (const Service& s : m_.services) service_lines(s);
    for (const Event& e : m_.events) event_lines(e);
    for (const Order& o : m_.orders) order_lines(o);
    out_ += '\n';
    return std::move(out_);
  }

 private:
  // ---- pieces of a line

  /// Starts a line `indent` levels in; its first range will name its file.
  void line(int indent, const char* keyword) {
    if (!out_.empty()) out_ += '\n';
    out_.append(static_cast<size_t>(indent) * 2, ' ');
    out_ += keyword;
    line_file_.reset();
  }

  void word(const std::string& text) {
    out_ += ' ';
    out_ += text;
  }

  /// `%id`, or `%none` for an id that is not set.
  std::string ref(ExprId id) const {
    return id.valid() ? "%" + std::to_string(id.value) : std::string("%none");
  }

  std::string file_name(FileId file) const {
    if (file < sources_.size()) return sources_.file(file).display_name;
    return file == kNoFile ? "?" : "file" + std::to_string(file);
  }

  /// Appends `r` to the current word: `file:line:col-line:col`, without the file when an
  /// earlier range of the line named it; `-` when the range was never set.
  void range_text(const SourceRange& r) {
    if (is_unset(r)) {
      out_ += '-';
      return;
    }
    if (line_file_ != r.file) {
      out_ += file_name(r.file);
      out_ += ':';
      line_file_ = r.file;
    }
    out_ += std::to_string(r.line) + ':' + std::to_string(r.col) + '-' +
            std::to_string(r.end_line) + ':' + std::to_string(r.end_col);
  }

  void range(const SourceRange& r) {
    out_ += ' ';
    range_text(r);
  }

  /// `label@range`: a name (or a keyword) and where it is written.
  void at(const std::string& label, const SourceRange& r) {
    word(label + '@');
    range_text(r);
  }

  // ---- the module and its expressions

  void module_lines() {
    line(0, "module");
    if (m_.incomplete) word("incomplete");
    if (m_.missing_imports) word("missing-imports");
    if (!m_.skipped_names.empty()) {
      line(0, "skipped");
      for (const std::string& name : m_.skipped_names) word(name);
    }
    if (!m_.file_rank.empty()) {
      line(0, "file-ranks");
      for (uint32_t rank : m_.file_rank) word(std::to_string(rank));
    }
  }

  void expr_line(uint32_t id) {
    const Expr& e = m_.exprs[id];
    line(0, ref(ExprId{id}).c_str());
    word(kind_name(e.kind));
    range(e.range);
    if (id < hidden_.size() && hidden_[id]) {
      word("(a secret's value, not shown)");
      return;
    }
    // What each kind uses, written as source would have it; then any other field that is set.
    bool uses_name = false, uses_lhs = false, uses_rhs = false, uses_items = false;
    switch (e.kind) {
      case ExprKind::Error: break;
      case ExprKind::Int: word(std::to_string(e.int_value)); break;
      case ExprKind::Bool: word(e.bool_value ? "true" : "false"); break;
      case ExprKind::String: parts(e.parts); break;
      case ExprKind::List:
        items(e.items, "[", "]");
        uses_items = true;
        break;
      case ExprKind::Name:
        name(e);
        uses_name = true;
        break;
      case ExprKind::Member:
        word(ref(e.lhs) + '.');
        member_name(e);
        uses_lhs = uses_name = true;
        break;
      case ExprKind::Index:
        word(ref(e.lhs) + '[' + ref(e.rhs) + ']');
        uses_lhs = uses_rhs = true;
        break;
      case ExprKind::Splat:
        word(ref(e.lhs) + "[*]");
        uses_lhs = true;
        break;
      case ExprKind::Unary:
        word(op_text(e.unary_op) + ref(e.lhs));
        uses_lhs = true;
        break;
      case ExprKind::Binary:
        word(ref(e.lhs));
        word(op_text(e.binary_op));
        word(ref(e.rhs));
        uses_lhs = uses_rhs = true;
        break;
      case ExprKind::Call:
        name(e);
        items(e.items, "(", ")");
        uses_name = uses_items = true;
        break;
    }
    unused_fields(e, uses_name, uses_lhs, uses_rhs, uses_items);
  }

  /// A Name's or Call's identifier, with its range when that is not the expression's.
  void name(const Expr& e) {
    if (same_range(e.name_range, e.range)) {
      word(e.name);
    } else {
      at(e.name, e.name_range);
    }
  }

  /// A Member's name, glued to the `%lhs.` before it.
  void member_name(const Expr& e) {
    out_ += e.name + '@';
    range_text(e.name_range);
  }

  void items(const std::vector<ExprId>& ids, const char* open, const char* close) {
    std::string text = open;
    for (size_t i = 0; i < ids.size(); ++i) text += (i > 0 ? ", " : "") + ref(ids[i]);
    word(text + close);
  }

  void parts(const std::vector<StringPart>& list) {
    if (list.empty()) word("(empty)");
    for (const StringPart& p : list) {
      if (!p.expr.valid()) {
        word(quoted(p.text));
      } else {
        word("${" + ref(p.expr) + (p.text.empty() ? "" : " " + quoted(p.text)) + "}");
      }
    }
  }

  void unused_fields(const Expr& e, bool uses_name, bool uses_lhs, bool uses_rhs, bool uses_items) {
    if (e.kind != ExprKind::Int && e.int_value != 0) word("int=" + std::to_string(e.int_value));
    if (e.kind != ExprKind::Bool && e.bool_value) word("bool=true");
    if (e.kind != ExprKind::Unary && e.unary_op != UnaryOp::Not)
      word(std::string("unary=") + op_text(e.unary_op));
    if (e.kind != ExprKind::Binary && e.binary_op != BinaryOp::Add)
      word(std::string("binary=") + op_text(e.binary_op));
    if (!uses_name && !e.name.empty()) word("name=" + e.name);
    if (!uses_name && !is_unset(e.name_range)) {
      word("name_range=");
      range_text(e.name_range);
    }
    if (!uses_lhs && e.lhs.valid()) word("lhs=" + ref(e.lhs));
    if (!uses_rhs && e.rhs.valid()) word("rhs=" + ref(e.rhs));
    if (!uses_items && !e.items.empty()) items(e.items, "items=[", "]");
    if (e.kind != ExprKind::String && !e.parts.empty()) {
      word("parts=");
      parts(e.parts);
    }
  }

  // ---- declarations

  /// `keyword name range name@range`: how every named declaration starts.
  void named(int indent, const char* keyword, const std::string& name, const SourceRange& whole,
             const SourceRange& name_range) {
    line(indent, keyword);
    word(name);
    range(whole);
    at("name", name_range);
  }

  void value(const char* prefix, ExprId id) {
    if (id.valid()) word(std::string(prefix) + ref(id));
  }

  void param_line(const Param& p) {
    named(0, "param", p.name, p.range, p.name_range);
    if (p.type || !is_unset(p.type_range)) at(p.type ? type_name(*p.type) : "?", p.type_range);
    value("= ", p.default_value);
  }

  void host_lines(const Host& h) {
    named(0, "host", h.name, h.range, h.name_range);
    value("count ", h.count);
    value("min ", h.minimum);
    if (h.incomplete) word("incomplete");
    for (const Attr& a : h.attrs) {
      named(1, "attr", a.name, a.range, a.name_range);
      value("= ", a.value);
    }
  }

  void service_lines(const Service& s) {
    named(0, "service", s.name, s.range, s.name_range);
    if (!s.host.empty() || !is_unset(s.host_range)) {
      word("on");
      at(s.host, s.host_range);
    }
    if (s.incomplete) word("incomplete");
    for (const Input& i : s.inputs) {
      named(1, "input", i.name, i.range, i.name_range);
      value("= ", i.value);
    }
    for (const Output& o : s.outputs) {
      named(1, "output", o.name, o.range, o.name_range);
      if (o.captured) word("capture");
      value(o.captured ? "" : "= ", o.value);
    }
    for (const Action& a : s.actions) {
      named(1, a.handler ? "handler" : "action", a.name, a.range, a.name_range);
      if (a.repeatable || !is_unset(a.repeatable_range)) {
        at(a.repeatable ? "repeatable" : "not-repeatable", a.repeatable_range);
      }
      value("when ", a.when);
      if (!a.operation.empty()) {
        line(2, "op");
        word(a.operation);
        at("name", a.operation_range);
      }
      for (const Target& t : a.after) target_line(2, "after", t);
      for (const EnvVar& v : a.env) {
        line(2, "env");
        word(v.name);
        at("name", v.name_range);
        value("= ", v.value);
      }
      for (const Command& c : a.commands) {
        line(2, "sh");
        word(ref(c.text));
        range(c.range);
      }
    }
  }

  /// `role service[index].action range service@range action@range`.
  void target_line(int indent, const char* role, const Target& t) {
    line(indent, role);
    std::string text = t.service;
    switch (t.index_kind) {
      case TargetIndex::None: break;
      case TargetIndex::Star: text += "[*]"; break;
      case TargetIndex::Expr: text += '[' + ref(t.index) + ']'; break;
    }
    if (!t.action.empty()) text += '.' + t.action;
    word(text);
    range(t.range);
    at("service", t.service_range);
    if (!t.action.empty() || !is_unset(t.action_range)) at("action", t.action_range);
    if (t.index_kind != TargetIndex::Expr && t.index.valid()) word("index=" + ref(t.index));
  }

  void event_lines(const Event& e) {
    line(0, "on");
    range(e.range);
    at(e.event_word, e.event_range);
    if (!e.kind) {
      word("(not an event)");
    } else if (e.event_word != event_name(*e.kind)) {
      word(std::string("kind=") + event_name(*e.kind));
    }
    target_line(1, "emitter", e.emitter);
    target_line(1, "subscriber", e.subscriber);
  }

  void order_lines(const Order& o) {
    line(0, "order");
    range(o.range);
    for (const Target& t : o.first) target_line(1, "first", t);
    for (const Target& t : o.then) target_line(1, "then", t);
  }

  const Module& m_;
  const SourceManager& sources_;
  std::vector<bool> hidden_;  ///< by ExprId: part of a secret's value; empty when all are shown
  std::string out_;
  std::optional<FileId> line_file_;  ///< the file that the current line has named, if any
};

}  // namespace

std::string dump_ir(const Module& module, const SourceManager& sources,
                    const DumpOptions& options) {
  return Dumper(module, sources, options).run();
}

}  // namespace baton::ir
