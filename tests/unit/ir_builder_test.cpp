// Unit tests for the IR builder: small specs in, IR contents and source ranges out.
#include "compiler/frontend/ir_builder.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

namespace baton {
namespace {

/// One file built into a module.
struct Built {
  SourceManager sources;
  ir::Module module;
  DiagnosticEngine diags;
  std::vector<ImportRequest> imports;
  size_t declarations = 0;

  const ir::Expr& expr(ir::ExprId id) const { return module.expr(id); }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.diagnostics()) out.emplace_back(diag_info(d.kind).code);
    return out;
  }
};

std::unique_ptr<Built> build(const std::string& text) {
  auto b = std::make_unique<Built>();
  FileId f = b->sources.add("t.baton", "", text);
  b->declarations = build_ir(b->sources, f, b->module, b->diags, b->imports);
  return b;
}

/// "line:col-end_line:end_col".
std::string at(const SourceRange& r) {
  return std::to_string(r.line) + ":" + std::to_string(r.col) + "-" + std::to_string(r.end_line) +
         ":" + std::to_string(r.end_col);
}

/// An expression as source-like text with every operation parenthesised: the tree's shape.
std::string show(const Built& b, ir::ExprId id) {
  const ir::Expr& e = b.expr(id);
  switch (e.kind) {
    case ir::ExprKind::Error: return "<error>";
    case ir::ExprKind::Int: return std::to_string(e.int_value);
    case ir::ExprKind::Bool: return e.bool_value ? "true" : "false";
    case ir::ExprKind::Name: return e.name;
    case ir::ExprKind::Member: return show(b, e.lhs) + "." + e.name;
    case ir::ExprKind::Index: return show(b, e.lhs) + "[" + show(b, e.rhs) + "]";
    case ir::ExprKind::Splat: return show(b, e.lhs) + "[*]";
    case ir::ExprKind::Unary:
      return std::string("(") + ir::op_text(e.unary_op) + show(b, e.lhs) + ")";
    case ir::ExprKind::Binary:
      return "(" + show(b, e.lhs) + " " + ir::op_text(e.binary_op) + " " + show(b, e.rhs) + ")";
    case ir::ExprKind::List:
    case ir::ExprKind::Call: {
      std::string out = e.kind == ir::ExprKind::Call ? e.name + "(" : "[";
      for (size_t i = 0; i < e.items.size(); ++i) out += (i ? ", " : "") + show(b, e.items[i]);
      return out + (e.kind == ir::ExprKind::Call ? ")" : "]");
    }
    case ir::ExprKind::String: {
      std::string out = "\"";
      for (const ir::StringPart& p : e.parts)
        out += p.expr.valid() ? "${" + show(b, p.expr) + "}" : p.text;
      return out + "\"";
    }
  }
  return "?";
}

TEST_CASE("params: name, type, default and ranges", "[ir_builder]") {
  auto b = build("param region = \"RegionOne\"\nparam token: secret\nparam nodes: int = 3;\n");
  REQUIRE(b->diags.diagnostics().empty());
  CHECK(b->declarations == 3);
  REQUIRE(b->module.params.size() == 3);
  const ir::Param& region = b->module.params[0];
  CHECK(region.name == "region");
  CHECK(at(region.name_range) == "1:7-1:13");
  CHECK(at(region.range) == "1:1-1:27");
  CHECK(!region.type);
  CHECK(show(*b, region.default_value) == "\"RegionOne\"");
  const ir::Param& token = b->module.params[1];
  CHECK(token.type == ir::Type::Secret);
  CHECK(at(token.type_range) == "2:14-2:20");
  CHECK(!token.default_value.valid());
  CHECK(b->module.params[2].type == ir::Type::Int);
  CHECK(b->expr(b->module.params[2].default_value).int_value == 3);
}

TEST_CASE("hosts and host groups with min and attributes", "[ir_builder]") {
  auto b = build(
      "host lb { address = \"10.0.0.10\"; user = \"deploy\" }\n"
      "host db[db_nodes] min 2 {\n  address = \"10.0.1.${index + 10}\"\n}\n");
  REQUIRE(b->diags.diagnostics().empty());
  REQUIRE(b->module.hosts.size() == 2);
  const ir::Host& lb = b->module.hosts[0];
  CHECK(!lb.is_group());
  REQUIRE(lb.attrs.size() == 2);
  CHECK(lb.attrs[1].name == "user");
  CHECK(at(lb.attrs[1].name_range) == "1:34-1:38");
  const ir::Host& db = b->module.hosts[1];
  CHECK(db.is_group());
  CHECK(show(*b, db.count) == "db_nodes");
  CHECK(show(*b, db.minimum) == "2");
  CHECK(show(*b, db.attrs[0].value) == "\"10.0.1.${(index + 10)}\"");
  CHECK(!db.incomplete);
}

TEST_CASE("a service with inputs, outputs, actions and handlers", "[ir_builder]") {
  auto b = build(
      "service galera on db {\n"
      "  input nodes = db[*].address\n"
      "  output uuid = capture \"galera-uuid\"\n"
      "  output url = \"tcp://${host.address}\"\n"
      "  action bootstrap when first { sh \"new ${join(nodes, \",\")}\" }\n"
      "  action join when !first after galera[0].bootstrap, galera[*].bootstrap, keystone "
      "repeatable {\n"
      "    sh \"join\"; sh \"check\"\n"
      "  }\n"
      "  handler restart { sh \"systemctl restart mariadb\" }\n"
      "}\n");
  REQUIRE(b->diags.diagnostics().empty());
  REQUIRE(b->module.services.size() == 1);
  const ir::Service& s = b->module.services[0];
  CHECK(s.name == "galera");
  CHECK(s.host == "db");
  CHECK(at(s.host_range) == "1:19-1:21");
  CHECK(at(s.range) == "1:1-10:2");
  REQUIRE(s.inputs.size() == 1);
  CHECK(show(*b, s.inputs[0].value) == "db[*].address");
  REQUIRE(s.outputs.size() == 2);
  CHECK(s.outputs[0].captured);
  CHECK(show(*b, s.outputs[0].value) == "\"galera-uuid\"");
  CHECK(!s.outputs[1].captured);
  CHECK(show(*b, s.outputs[1].value) == "\"tcp://${host.address}\"");
  REQUIRE(s.actions.size() == 3);
  const ir::Action& bootstrap = s.actions[0];
  CHECK(show(*b, bootstrap.when) == "first");
  CHECK(!bootstrap.handler);
  REQUIRE(bootstrap.commands.size() == 1);
  CHECK(show(*b, bootstrap.commands[0].text) == "\"new ${join(nodes, \",\")}\"");
  const ir::Action& join = s.actions[1];
  CHECK(show(*b, join.when) == "(!first)");
  CHECK(join.repeatable);
  CHECK(join.commands.size() == 2);
  REQUIRE(join.after.size() == 3);
  CHECK(join.after[0].service == "galera");
  CHECK(join.after[0].index_kind == ir::TargetIndex::Expr);
  CHECK(show(*b, join.after[0].index) == "0");
  CHECK(join.after[0].action == "bootstrap");
  CHECK(at(join.after[0].action_range) == "6:43-6:52");
  CHECK(join.after[1].index_kind == ir::TargetIndex::Star);
  CHECK(join.after[2].service == "keystone");
  CHECK(join.after[2].action.empty());
  CHECK(join.after[2].index_kind == ir::TargetIndex::None);
  CHECK(s.actions[2].handler);
  CHECK(s.actions[2].name == "restart");
}

TEST_CASE("events, orders and imports", "[ir_builder]") {
  auto b = build(
      "import \"common.baton\"\n"
      "on galera[0].bootstrap changed -> keystone.reload\n"
      "on a.run failed -> b.rollback\n"
      "order keystone, nova before glance\n");
  REQUIRE(b->diags.diagnostics().empty());
  CHECK(b->declarations == 4);
  REQUIRE(b->imports.size() == 1);
  CHECK(b->imports[0].path == "common.baton");
  CHECK(at(b->imports[0].range) == "1:8-1:22");
  REQUIRE(b->module.events.size() == 2);
  CHECK(b->module.events[0].kind == ir::EventKind::Changed);
  CHECK(b->module.events[0].emitter.service == "galera");
  CHECK(b->module.events[0].subscriber.action == "reload");
  CHECK(b->module.events[1].kind == ir::EventKind::Failed);
  REQUIRE(b->module.orders.size() == 1);
  CHECK(b->module.orders[0].first.size() == 2);
  CHECK(b->module.orders[0].then.size() == 1);
  CHECK(b->module.orders[0].then[0].service == "glance");
}

TEST_CASE("operator precedence and associativity", "[ir_builder]") {
  auto value = [](const std::string& e) {
    auto b = build("param p = " + e + "\n");
    INFO(e);
    REQUIRE(b->diags.diagnostics().empty());
    return show(*b, b->module.params[0].default_value);
  };
  CHECK(value("1 + 2 * 3") == "(1 + (2 * 3))");
  CHECK(value("1 - 2 - 3") == "((1 - 2) - 3)");
  CHECK(value("8 / 4 % 3 * 2") == "(((8 / 4) % 3) * 2)");
  CHECK(value("a || b && c") == "(a || (b && c))");
  CHECK(value("a && b || c && d") == "((a && b) || (c && d))");
  CHECK(value("1 + 2 == 3 && x != y") == "(((1 + 2) == 3) && (x != y))");
  CHECK(value("a < b") == "(a < b)");
  CHECK(value("a <= b") == "(a <= b)");
  CHECK(value("a >= b") == "(a >= b)");
  CHECK(value("a > b") == "(a > b)");
  CHECK(value("!a && -b < c") == "((!a) && ((-b) < c))");
  CHECK(value("!!-x") == "(!(!(-x)))");
  CHECK(value("-a.b[0]") == "(-a.b[0])");  // postfix binds tighter than unary
  CHECK(value("(1 + 2) * 3") == "((1 + 2) * 3)");
  CHECK(value("[1, \"a\", [true, false],]") == "[1, \"a\", [true, false]]");
  CHECK(value("len(x) + contains(xs, 1)") == "(len(x) + contains(xs, 1))");
  CHECK(value("db[*].address") == "db[*].address");
  CHECK(value("galera[0].uuid") == "galera[0].uuid");
}

TEST_CASE("expression ranges cover their operands", "[ir_builder]") {
  auto b = build("param p = a.bb + -c[1]\n");
  REQUIRE(b->diags.diagnostics().empty());
  const ir::Expr& sum = b->expr(b->module.params[0].default_value);
  CHECK(at(sum.range) == "1:11-1:23");
  const ir::Expr& member = b->expr(sum.lhs);
  CHECK(member.kind == ir::ExprKind::Member);
  CHECK(at(member.range) == "1:11-1:15");
  CHECK(at(member.name_range) == "1:13-1:15");
  CHECK(at(b->expr(member.lhs).name_range) == "1:11-1:12");
  const ir::Expr& neg = b->expr(sum.rhs);
  CHECK(neg.kind == ir::ExprKind::Unary);
  CHECK(at(neg.range) == "1:18-1:23");
}

TEST_CASE("string literals: escapes decoded, interpolations nested", "[ir_builder]") {
  auto b = build("param s = \"a\\\"b\\\\c\\nd\\te\\$f ${x} ${\"in ${y}\"}\"\n");
  REQUIRE(b->diags.diagnostics().empty());
  const ir::Expr& s = b->expr(b->module.params[0].default_value);
  REQUIRE(s.kind == ir::ExprKind::String);
  REQUIRE(s.parts.size() == 4);
  CHECK(s.parts[0].text == "a\"b\\c\nd\te$f ");
  CHECK(show(*b, s.parts[1].expr) == "x");
  CHECK(s.parts[2].text == " ");
  CHECK(show(*b, s.parts[3].expr) == "\"in ${y}\"");
  // Columns count code points, not bytes.
  auto u = build("param e = \"üé\" + xy\n");
  REQUIRE(u->diags.diagnostics().empty());
  const ir::Expr& sum = u->expr(u->module.params[0].default_value);
  CHECK(at(u->expr(sum.lhs).range) == "1:11-1:15");
  CHECK(at(u->expr(sum.rhs).range) == "1:18-1:20");
}

TEST_CASE("integers: the 64-bit range and what lies beyond it", "[ir_builder]") {
  auto b = build("param a = 9223372036854775807\nparam b = 9223372036854775808\n");
  CHECK(b->expr(b->module.params[0].default_value).int_value == INT64_MAX);
  CHECK(b->expr(b->module.params[1].default_value).kind == ir::ExprKind::Error);
  CHECK(b->codes() == std::vector<std::string>{"E0108"});
}

TEST_CASE("a syntax error leaves an error node and marks its block incomplete", "[ir_builder]") {
  auto b = build(
      "host h { address = \"x\" zone: 1 }\n"
      "service web on h {\n  input a = 1 +\n  output o = 2\n}\n"
      "service ok on h { input b = 1 }\n");
  CHECK(b->codes() == std::vector<std::string>{"E0101", "E0101"});
  CHECK(b->module.incomplete);
  REQUIRE(b->module.hosts.size() == 1);
  CHECK(b->module.hosts[0].incomplete);
  REQUIRE(b->module.services.size() == 2);
  const ir::Service& web = b->module.services[0];
  CHECK(web.incomplete);
  REQUIRE(web.inputs.size() == 1);
  // `1 +` keeps its left operand; the missing right one is an error node.
  const ir::Expr& sum = b->expr(web.inputs[0].value);
  REQUIRE(sum.kind == ir::ExprKind::Binary);
  CHECK(b->expr(sum.rhs).kind == ir::ExprKind::Error);
  CHECK(web.outputs.size() == 1);
  CHECK(!b->module.services[1].incomplete);
}

TEST_CASE("names invented or skipped by recovery are not declared", "[ir_builder]") {
  auto b = build("parm region = 1\nparam = 3\nhost h { }\nservice on h { }\n");
  CHECK(b->codes() == std::vector<std::string>{"E0101", "E0101", "E0101"});
  CHECK(b->module.params.empty());     // `param = 3` has no name
  CHECK(b->module.services.empty());   // nor has the service
  CHECK(b->module.hosts.size() == 1);  // recovery went on to the host
  CHECK(b->module.skipped_names == std::vector<std::string>{"parm", "region"});
}

TEST_CASE("lexical checks stop hostile input before the parser", "[ir_builder]") {
  auto deep = build("param p = " + std::string(129, '[') + std::string(129, ']') + "\n");
  CHECK(deep->codes() == std::vector<std::string>{"E0106"});
  CHECK(deep->module.params.empty());
  CHECK(deep->module.incomplete);

  std::string chain = "param p = 1";
  for (int i = 0; i < 600; ++i) chain += " + 1";
  auto longer = build(chain + "\n");
  CHECK(longer->codes() == std::vector<std::string>{"E0109"});
  REQUIRE(longer->diags.diagnostics().size() == 1);
  CHECK(at(longer->diags.diagnostics()[0].range).rfind("1:11-", 0) == 0);

  auto bad = build("param a = 1 @ 2\n");
  CHECK(bad->codes() == std::vector<std::string>{"E0104"});  // `2` is not reported again

  std::string many = "param a = 1 ";
  for (int i = 0; i < 200; ++i) many += "@";
  CHECK(build(many + "\n")->diags.diagnostics().size() == 51);  // 50, then "too many"
}

TEST_CASE("a file with nothing declared is an empty spec", "[ir_builder]") {
  CHECK(build("")->codes() == std::vector<std::string>{"E0006"});
  CHECK(build("// nothing\n/* at all */\n")->codes() == std::vector<std::string>{"E0006"});
  // A closed block comment ends where it closes.
  auto b = build("/* a */ param x = 1 /* b\n */\n");
  CHECK(b->diags.diagnostics().empty());
  CHECK(b->module.params.size() == 1);
}

}  // namespace
}  // namespace baton
