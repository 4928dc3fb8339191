// Unit tests for name resolution: what each name binds to, and what is reported.
#include "analyses/resolve.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "compiler/frontend/ir_builder.h"

namespace baton {
namespace {

struct Resolved {
  SourceManager sources;
  ir::Module module;
  DiagnosticEngine diags;
  Resolution names;

  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.diagnostics()) {
      out.push_back(std::string(diag_info(d.kind).code) + " " + d.message +
                    (d.help.empty() ? "" : " | " + d.help));
    }
    return out;
  }
  /// What the first Name expression spelled `name` resolved to.
  Symbol name(const std::string& name) const {
    for (uint32_t i = 0; i < module.exprs.size(); ++i) {
      if (module.exprs[i].kind == ir::ExprKind::Name && module.exprs[i].name == name)
        return names.names[i];
    }
    FAIL("no name " << name);
    return {};
  }
};

/// Builds every text as a file of one module (in order), then resolves.
std::unique_ptr<Resolved> resolve(const std::vector<std::string>& files) {
  auto r = std::make_unique<Resolved>();
  for (const std::string& text : files) {
    FileId f = r->sources.add("f" + std::to_string(r->sources.size()), "", text);
    std::vector<ImportRequest> imports;
    build_ir(r->sources, f, r->module, r->diags, imports);
  }
  REQUIRE(!r->diags.has_errors());  // the texts parse
  r->names = resolve_names(r->module, r->diags);
  return r;
}

std::unique_ptr<Resolved> resolve(const std::string& text) {
  return resolve(std::vector<std::string>{text});
}

TEST_CASE("names bind to params, inputs and the context of a service", "[resolve]") {
  auto r = resolve(
      "param region = \"r\"\n"
      "host db[3] { address = \"10.0.1.${index}\" }\n"
      "service galera on db {\n"
      "  input me = host.address\n"
      "  input peers = db[*].address\n"
      "  output url = \"${me}:${region}:${count}\"\n"
      "  action bootstrap when first { sh \"x\" }\n"
      "}\n");
  CHECK(r->messages().empty());
  CHECK(r->name("region").kind == SymbolKind::Param);
  CHECK(r->name("index").kind == SymbolKind::ContextIndex);
  CHECK(r->name("host").kind == SymbolKind::ContextHost);
  CHECK(r->name("db").kind == SymbolKind::Host);
  CHECK(r->name("me").kind == SymbolKind::Input);
  CHECK(r->name("me").index == 0);
  CHECK(r->name("count").kind == SymbolKind::ContextCount);
  CHECK(r->name("first").kind == SymbolKind::ContextFirst);
  REQUIRE(r->names.service_host.size() == 1);
  CHECK(r->names.service_host[0].value == 0);
  CHECK(r->names.lookup("galera").kind == SymbolKind::Service);
  CHECK(r->names.lookup("nothing").kind == SymbolKind::None);
  CHECK(r->names.services[0].outputs.count("url") == 1);
  CHECK(r->names.services[0].actions.count("bootstrap") == 1);
}

TEST_CASE("an input hides a top-level name of the same spelling inside its service", "[resolve]") {
  auto r = resolve(
      "param token = \"t\"\nhost h { }\nservice s on h {\n  input token = \"mine\"\n"
      "  action run { sh \"${token}\" }\n}\n");
  CHECK(r->messages().empty());
  CHECK(r->name("token").kind == SymbolKind::Input);
}

TEST_CASE("duplicates: one report each, with a note at the first declaration", "[resolve]") {
  auto r = resolve(
      "param a = 1\nparam a = 2\nhost a { }\nhost h { x = 1; x = 2 }\n"
      "service s on h { input i = 1\n input i = 2\n action r { sh \"\" }\n handler r { sh \"\" } "
      "}\n");
  CHECK(r->messages() ==
        std::vector<std::string>{
            "E0201 duplicate param 'a'",
            // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one message, split to fit
            "E0201 host 'a' has the same name as param 'a' | params, hosts and services "
            "share one namespace; rename one of them",
            "E0201 duplicate input 'i'",
            "E0201 duplicate action 'r'",
            "E0201 duplicate attribute 'x'",
        });
  const Diagnostic& first = r->diags.diagnostics()[0];
  REQUIRE(first.notes.size() == 1);
  CHECK(first.notes[0].range.line == 1);
  CHECK(first.range.line == 2);
}

TEST_CASE("an imported file's declarations come first", "[resolve]") {
  // File 0 imports file 1: file 1 ranks first, so the duplicate is reported in file 0.
  auto r =
      resolve(std::vector<std::string>{"param region = \"two\"\n", "param region = \"one\"\n"});
  r->module.file_rank = {1, 0};
  DiagnosticEngine diags;
  resolve_names(r->module, diags);
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].range.file == 0);
  CHECK(diags.diagnostics()[0].notes[0].range.file == 1);
}

TEST_CASE("unknown names, members and hosts suggest the closest", "[resolve]") {
  auto r = resolve(
      "param region = \"r\"\nhost web { zone = \"a\" }\n"
      "service db on wbe { input pw = 1\n output endpoint = \"x\"\n action run { sh \"\" } }\n"
      "service api on web {\n"
      "  input a = regoin\n  input b = db.endpont\n  input c = db.pw\n  input d = db.run\n"
      "  input e = web.zon\n  input f = lenn(a)\n  input g = len(a, b)\n"
      "  action go after db.rnu, dbb.run { sh \"${a}${b}${c}${d}${e}${f}${g}\" }\n"
      "}\n");
  // Unknown names (E0202, E0203, E0204) are reported last, in order of place (with at most
  // 50 per file); the engine sorts every diagnostic by place before they are shown.
  CHECK(r->messages() ==
        std::vector<std::string>{
            "E0207 unknown function 'lenn' | did you mean 'len'?",
            "E0210 'len' takes 1 argument, not 2 | len(list|string) -> int",
            "E0204 service 'db' is placed on unknown host 'wbe' | did you mean 'web'?",
            "E0202 unknown name 'regoin' | did you mean 'region'?",
            "E0203 service 'db' has no output 'endpont' | did you mean 'endpoint'?",
            // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one message, split to fit
            "E0203 service 'db' has no output 'pw' | 'pw' is an input of 'db'; inputs are "
            "visible only inside their service, so declare an output",
            // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one message, split to fit
            "E0203 service 'db' has no output 'run' | 'run' is an action; to wait for it use "
            "'after db.run'",
            "E0203 host 'web' has no attribute 'zon' | did you mean 'zone'?",
            "E0203 service 'db' has no action 'rnu' | did you mean 'run'?",
            "E0202 unknown service 'dbb' | did you mean 'db'?",
        });
}

TEST_CASE("wrong kinds and context names outside a service", "[resolve]") {
  auto r = resolve(
      "param p = index\nparam q = host.address\nhost h { }\n"
      "service s on p { input a = h\n input b = s\n input c = p.x\n"
      " action run after p { sh \"${a}${b}${c}\" } }\n");
  // Placements are checked with the declarations, before any expression.
  CHECK(r->messages() ==
        std::vector<std::string>{
            "E0208 service 's' is placed on param 'p', which is not a host",
            "E0209 'index' exists only inside a service or a host block",
            // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one message, split to fit
            "E0209 'host' exists only inside a service | outside a service, name the host: "
            "'<host>.address'",
            "E0208 host 'h' is not a value | use one of its attributes: 'h.address'",
            "E0208 service 's' is not a value | use one of its outputs: 's.<output>'",
            // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one message, split to fit
            "E0208 param 'p' has no members | only services (outputs) and hosts "
            "(attributes) have members",
            // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one message, split to fit
            "E0208 param 'p' is not a service | after, order and on name services and their "
            "actions",
        });
}

TEST_CASE("an input named like a built-in is a warning", "[resolve]") {
  auto r = resolve(
      "host h { }\nservice s on h { input index = 1\n input first = 2\n action run { sh \"\" } "
      "}\n");
  CHECK(r->messages() ==
        std::vector<std::string>{
            "W0201 input 'index' hides the built-in 'index' inside service 's' | rename the input",
            "W0201 input 'first' hides the built-in 'first' inside service 's' | rename the input",
        });
  CHECK(!r->diags.has_errors());
}

TEST_CASE("what a syntax error or a missing import lost is not reported again", "[resolve]") {
  auto base = resolve(
      "host h { }\nservice db on h { action run { sh \"\" } }\n"
      "service api on h { input a = db.url\n input b = region\n"
      " action go after db.start { sh \"${a}${b}\" } }\n");
  CHECK(base->messages().size() == 3);

  // The same module, as if db had a syntax error and region's declaration had been skipped.
  base->module.services[0].incomplete = true;
  base->module.skipped_names = {"region"};
  DiagnosticEngine quiet;
  resolve_names(base->module, quiet);
  CHECK(quiet.diagnostics().empty());

  // A missing import may declare any name: unknown names are not reported, members still are.
  base->module.services[0].incomplete = false;
  base->module.skipped_names.clear();
  base->module.missing_imports = true;
  DiagnosticEngine imports;
  resolve_names(base->module, imports);
  REQUIRE(imports.diagnostics().size() == 2);
  CHECK(imports.diagnostics()[0].kind == DiagKind::UnknownMember);
}

}  // namespace
}  // namespace baton

namespace baton {

TEST_CASE("resolve: a name table keeps the first declaration of each name", "[resolve]") {
  struct Named {
    std::string name;
  };
  std::vector<Named> items{{"web"}, {"db"}, {"web"}, {"api"}, {"db"}, {"web"}, {""}};
  NameTable table;
  auto duplicates = table.build(items);
  // (later, first), in the order of the later declaration.
  CHECK(duplicates == std::vector<std::pair<uint32_t, uint32_t>>{{2, 0}, {4, 1}, {5, 0}});
  CHECK(table.size() == 4);
  REQUIRE(table.find("web") != table.end());
  CHECK(table.find("web")->second == 0);
  CHECK(table.find("db")->second == 1);
  CHECK(table.find("api")->second == 3);
  CHECK(table.find("")->second == 6);
  CHECK(table.find("we") == table.end());
  CHECK(table.find("webs") == table.end());
  CHECK(table.count("zzz") == 0);
  // Built again, it holds only the new names.
  CHECK(table.build(std::vector<Named>{{"x"}}).empty());
  CHECK(table.count("web") == 0);
  CHECK(table.count("x") == 1);
}

}  // namespace baton
