// Unit tests for the IR dump: its exact text, that every field of the IR shows in it (the
// differential test of the two parsers compares IRs through it), that it hides secret values,
// and that it needs no stack for deep expressions.
#include "compiler/ir/ir_dump.h"

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "compiler/frontend/ir_builder.h"

namespace baton {
namespace {

const char* const kSpec =
    "param region = \"RegionOne\"\n"
    "param token: secret = \"hunter2\"\n"
    "host db[2] min 1 { address = \"10.0.0.${index}\" }\n"
    "service web on db {\n"
    "  input r = -region + [1, f(2)][0]\n"
    "  output url = capture \"hostname\"\n"
    "  output n = db[*].address\n"
    "  action run after db[0].run when !true repeatable { sh \"echo ${r}\\n\" }\n"
    "  handler reload { }\n"
    "}\n"
    "on web.run changed -> web.reload\n"
    "order web before web.reload\n";

/// kSpec built into a module (by the clean-file parser: it has no mistake).
struct Built {
  SourceManager sources;
  ir::Module module;
};

void build(Built& b, const std::string& text) {
  DiagnosticEngine diags;
  std::vector<ImportRequest> imports;
  build_ir(b.sources, b.sources.add("t.baton", "", text), b.module, diags, imports);
  REQUIRE(diags.diagnostics().empty());
}

TEST_CASE("the dump of a spec, line by line", "[ir_dump]") {
  Built b;
  build(b, kSpec);
  CHECK(ir::dump_ir(b.module, b.sources) ==
        "module\n"
        "%0 string t.baton:1:16-1:27 \"RegionOne\"\n"
        "%1 string t.baton:2:23-2:32 (a secret's value, not shown)\n"
        "%2 int t.baton:3:9-3:10 2\n"
        "%3 int t.baton:3:16-3:17 1\n"
        "%4 name t.baton:3:40-3:45 index\n"
        "%5 string t.baton:3:30-3:47 \"10.0.0.\" ${%4}\n"
        "%6 name t.baton:5:14-5:20 region\n"
        "%7 unary t.baton:5:13-5:20 -%6\n"
        "%8 int t.baton:5:24-5:25 1\n"
        "%9 int t.baton:5:29-5:30 2\n"
        "%10 call t.baton:5:27-5:31 f@5:27-5:28 (%9)\n"
        "%11 list t.baton:5:23-5:32 [%8, %10]\n"
        "%12 int t.baton:5:33-5:34 0\n"
        "%13 index t.baton:5:23-5:35 %11[%12]\n"
        "%14 binary t.baton:5:13-5:35 %7 + %13\n"
        "%15 string t.baton:6:24-6:34 \"hostname\"\n"
        "%16 name t.baton:7:14-7:16 db\n"
        "%17 splat t.baton:7:14-7:19 %16[*]\n"
        "%18 member t.baton:7:14-7:27 %17.address@7:20-7:27\n"
        "%19 int t.baton:8:23-8:24 0\n"
        "%20 bool t.baton:8:36-8:40 true\n"
        "%21 unary t.baton:8:35-8:40 !%20\n"
        "%22 name t.baton:8:65-8:66 r\n"
        "%23 string t.baton:8:57-8:70 \"echo \" ${%22} \"\\n\"\n"
        "param region t.baton:1:1-1:27 name@1:7-1:13 = %0\n"
        "param token t.baton:2:1-2:32 name@2:7-2:12 secret@2:14-2:20 = %1\n"
        "host db t.baton:3:1-3:49 name@3:6-3:8 count %2 min %3\n"
        "  attr address t.baton:3:20-3:47 name@3:20-3:27 = %5\n"
        "service web t.baton:4:1-10:2 name@4:9-4:12 on db@4:16-4:18\n"
        "  input r t.baton:5:3-5:35 name@5:9-5:10 = %14\n"
        "  output url t.baton:6:3-6:34 name@6:10-6:13 capture %15\n"
        "  output n t.baton:7:3-7:27 name@7:10-7:11 = %18\n"
        "  action run t.baton:8:3-8:72 name@8:10-8:13 repeatable@8:41-8:51 when %21\n"
        "    after db[%19].run t.baton:8:20-8:29 service@8:20-8:22 action@8:26-8:29\n"
        "    sh %23 t.baton:8:54-8:70\n"
        "  handler reload t.baton:9:3-9:21 name@9:11-9:17\n"
        "on t.baton:11:1-11:33 changed@11:12-11:19\n"
        "  emitter web.run t.baton:11:4-11:11 service@11:4-11:7 action@11:8-11:11\n"
        "  subscriber web.reload t.baton:11:23-11:33 service@11:23-11:26 action@11:27-11:33\n"
        "order t.baton:12:1-12:28\n"
        "  first web t.baton:12:7-12:10 service@12:7-12:10\n"
        "  then web.reload t.baton:12:18-12:28 service@12:18-12:21 action@12:22-12:28\n");
}

TEST_CASE("a secret's value shows only when asked for", "[ir_dump]") {
  Built b;
  build(b, "param token: secret = \"hunter2-${[\"x\", 1][0]}\"\n");
  CHECK(ir::dump_ir(b.module, b.sources).find("hunter2") == std::string::npos);
  CHECK(ir::dump_ir(b.module, b.sources).find("\"x\"") == std::string::npos);
  ir::DumpOptions all;
  all.show_secret_values = true;
  CHECK(ir::dump_ir(b.module, b.sources, all).find("\"hunter2-\"") != std::string::npos);
  CHECK(ir::dump_ir(b.module, b.sources, all).find("\"x\"") != std::string::npos);
}

TEST_CASE("every field of the IR changes the dump", "[ir_dump]") {
  Built b;
  build(b, kSpec);
  ir::DumpOptions all;
  all.show_secret_values = true;
  const std::string original = ir::dump_ir(b.module, b.sources, all);
  using M = ir::Module;
  ir::ExprId e0{0};
  const auto other_range = [](SourceRange& r) { r.end_col += 100; };
  // One edit per field; a field left out of the dump would let two different IRs compare
  // equal in the differential test of the parsers.
  const std::vector<std::pair<const char*, std::function<void(M&)>>> edits = {
      {"module incomplete", [](M& m) { m.incomplete = true; }},
      {"missing imports", [](M& m) { m.missing_imports = true; }},
      {"skipped names", [](M& m) { m.skipped_names.push_back("x"); }},
      {"file ranks", [](M& m) { m.file_rank.push_back(0); }},
      {"expr kind", [](M& m) { m.exprs[2].kind = ir::ExprKind::Error; }},
      {"expr range", [&](M& m) { other_range(m.exprs[2].range); }},
      {"expr range file", [](M& m) { m.exprs[2].range.file = 1; }},
      {"int value", [](M& m) { m.exprs[2].int_value = 7; }},
      {"int value unused", [](M& m) { m.exprs[4].int_value = 7; }},
      {"bool value", [](M& m) { m.exprs[20].bool_value = false; }},
      {"bool value unused", [](M& m) { m.exprs[4].bool_value = true; }},
      {"unary op", [](M& m) { m.exprs[21].unary_op = ir::UnaryOp::Neg; }},
      {"unary op unused", [](M& m) { m.exprs[4].unary_op = ir::UnaryOp::Neg; }},
      {"binary op", [](M& m) { m.exprs[14].binary_op = ir::BinaryOp::Mul; }},
      {"binary op unused", [](M& m) { m.exprs[4].binary_op = ir::BinaryOp::Mul; }},
      {"name", [](M& m) { m.exprs[4].name = "indx"; }},
      {"name unused", [](M& m) { m.exprs[2].name = "x"; }},
      {"name range", [&](M& m) { other_range(m.exprs[4].name_range); }},
      {"name range unused", [](M& m) { m.exprs[2].name_range = m.exprs[2].range; }},
      {"member name range", [&](M& m) { other_range(m.exprs[18].name_range); }},
      {"call name range", [&](M& m) { other_range(m.exprs[10].name_range); }},
      {"lhs", [e0](M& m) { m.exprs[14].lhs = e0; }},
      {"lhs unused", [e0](M& m) { m.exprs[2].lhs = e0; }},
      {"rhs", [e0](M& m) { m.exprs[13].rhs = e0; }},
      {"rhs unused", [e0](M& m) { m.exprs[7].rhs = e0; }},
      {"items", [](M& m) { m.exprs[11].items.pop_back(); }},
      {"items unused", [e0](M& m) { m.exprs[2].items.push_back(e0); }},
      {"part text", [](M& m) { m.exprs[5].parts[0].text = "10.1."; }},
      {"part expr", [e0](M& m) { m.exprs[5].parts[1].expr = e0; }},
      {"part text beside an expr", [](M& m) { m.exprs[5].parts[1].text = "x"; }},
      {"parts unused",
       [](M& m) {
         m.exprs[2].parts.push_back({"x", {}});
       }},
      {"no parts", [](M& m) { m.exprs[0].parts.clear(); }},
      {"one more expr", [](M& m) { m.exprs.emplace_back(); }},
      {"param name", [](M& m) { m.params[0].name = "regio"; }},
      {"param range", [&](M& m) { other_range(m.params[0].range); }},
      {"param name range", [&](M& m) { other_range(m.params[0].name_range); }},
      {"param type", [](M& m) { m.params[1].type = ir::Type::String; }},
      {"param unknown type", [](M& m) { m.params[1].type.reset(); }},
      {"param type range", [&](M& m) { other_range(m.params[1].type_range); }},
      {"param default", [](M& m) { m.params[0].default_value = ir::ExprId{}; }},
      {"host name", [](M& m) { m.hosts[0].name = "dbs"; }},
      {"host range", [&](M& m) { other_range(m.hosts[0].range); }},
      {"host name range", [&](M& m) { other_range(m.hosts[0].name_range); }},
      {"host count", [](M& m) { m.hosts[0].count = ir::ExprId{}; }},
      {"host minimum", [](M& m) { m.hosts[0].minimum = ir::ExprId{}; }},
      {"host incomplete", [](M& m) { m.hosts[0].incomplete = true; }},
      {"attr name", [](M& m) { m.hosts[0].attrs[0].name = "addr"; }},
      {"attr range", [&](M& m) { other_range(m.hosts[0].attrs[0].range); }},
      {"attr name range", [&](M& m) { other_range(m.hosts[0].attrs[0].name_range); }},
      {"attr value", [e0](M& m) { m.hosts[0].attrs[0].value = e0; }},
      {"service name", [](M& m) { m.services[0].name = "api"; }},
      {"service range", [&](M& m) { other_range(m.services[0].range); }},
      {"service name range", [&](M& m) { other_range(m.services[0].name_range); }},
      {"service host", [](M& m) { m.services[0].host.clear(); }},
      {"service host range", [&](M& m) { other_range(m.services[0].host_range); }},
      {"service incomplete", [](M& m) { m.services[0].incomplete = true; }},
      {"input name", [](M& m) { m.services[0].inputs[0].name = "s"; }},
      {"input range", [&](M& m) { other_range(m.services[0].inputs[0].range); }},
      {"input name range", [&](M& m) { other_range(m.services[0].inputs[0].name_range); }},
      {"input value", [e0](M& m) { m.services[0].inputs[0].value = e0; }},
      {"output name", [](M& m) { m.services[0].outputs[0].name = "uri"; }},
      {"output range", [&](M& m) { other_range(m.services[0].outputs[0].range); }},
      {"output name range", [&](M& m) { other_range(m.services[0].outputs[0].name_range); }},
      {"output captured", [](M& m) { m.services[0].outputs[0].captured = false; }},
      {"output value", [e0](M& m) { m.services[0].outputs[0].value = e0; }},
      {"action name", [](M& m) { m.services[0].actions[0].name = "go"; }},
      {"action range", [&](M& m) { other_range(m.services[0].actions[0].range); }},
      {"action name range", [&](M& m) { other_range(m.services[0].actions[0].name_range); }},
      {"action handler", [](M& m) { m.services[0].actions[0].handler = true; }},
      {"action repeatable", [](M& m) { m.services[0].actions[0].repeatable = false; }},
      {"repeatable range", [&](M& m) { other_range(m.services[0].actions[0].repeatable_range); }},
      {"action when", [](M& m) { m.services[0].actions[0].when = ir::ExprId{}; }},
      {"command text", [e0](M& m) { m.services[0].actions[0].commands[0].text = e0; }},
      {"command range", [&](M& m) { other_range(m.services[0].actions[0].commands[0].range); }},
      {"target service", [](M& m) { m.services[0].actions[0].after[0].service = "d"; }},
      {"target service range",
       [&](M& m) { other_range(m.services[0].actions[0].after[0].service_range); }},
      {"target index kind",
       [](M& m) { m.services[0].actions[0].after[0].index_kind = ir::TargetIndex::Star; }},
      {"target index", [e0](M& m) { m.services[0].actions[0].after[0].index = e0; }},
      {"target unused index", [e0](M& m) { m.events[0].emitter.index = e0; }},
      {"target action", [](M& m) { m.services[0].actions[0].after[0].action.clear(); }},
      {"target action range",
       [&](M& m) { other_range(m.services[0].actions[0].after[0].action_range); }},
      {"target range", [&](M& m) { other_range(m.services[0].actions[0].after[0].range); }},
      {"event kind", [](M& m) { m.events[0].kind = ir::EventKind::Ok; }},
      {"event not an event", [](M& m) { m.events[0].kind.reset(); }},
      {"event word", [](M& m) { m.events[0].event_word = "chnged"; }},
      {"event word range", [&](M& m) { other_range(m.events[0].event_range); }},
      {"event range", [&](M& m) { other_range(m.events[0].range); }},
      {"event emitter", [](M& m) { m.events[0].emitter.action = "reload"; }},
      {"event subscriber", [](M& m) { m.events[0].subscriber.action = "run"; }},
      {"order range", [&](M& m) { other_range(m.orders[0].range); }},
      {"order first", [](M& m) { m.orders[0].first.push_back(m.orders[0].then[0]); }},
      {"order then", [](M& m) { m.orders[0].then.push_back(m.orders[0].first[0]); }},
      {"first into then", [](M& m) { std::swap(m.orders[0].first, m.orders[0].then); }},
  };
  for (const auto& [what, edit] : edits) {
    M changed = b.module;
    edit(changed);
    INFO(what);
    CHECK(ir::dump_ir(changed, b.sources, all) != original);
  }
}

TEST_CASE("a chain of a million operators dumps without recursion", "[ir_dump]") {
  // Deeper than any builder allows (kMaxExpressionDepth), hidden as a secret's value: the
  // worklist that finds the secret's expressions and the dump itself use no stack per level.
  SourceManager sources;
  FileId f = sources.add("t.baton", "", "param p: secret = 1\n");
  ir::Module m;
  ir::Expr leaf;
  leaf.kind = ir::ExprKind::Int;
  ir::ExprId top = m.add(leaf);
  for (int i = 0; i < 1000000; ++i) {
    ir::Expr e;
    e.kind = ir::ExprKind::Unary;
    e.unary_op = ir::UnaryOp::Neg;
    e.lhs = top;
    top = m.add(std::move(e));
  }
  ir::Param p;
  p.name = "p";
  p.range = {f, 1, 1, 1, 21};
  p.type = ir::Type::Secret;
  p.default_value = top;
  m.params.push_back(p);
  std::string text = ir::dump_ir(m, sources);
  CHECK(text.find("%1000000 unary - (a secret's value, not shown)\n") != std::string::npos);
  ir::DumpOptions all;
  all.show_secret_values = true;
  CHECK(ir::dump_ir(m, sources, all).find("%1000000 unary - -%999999\n") != std::string::npos);
}

}  // namespace
}  // namespace baton
