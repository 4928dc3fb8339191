// Unit tests of binding params: --param values parsed by each param's type (declared, or that
// of its default), and what is reported about them.
#include "analyses/params.h"

#include <catch2/catch.hpp>

#include "analysis_fixture.h"

namespace baton {
namespace {

using Given = std::vector<ParamSetting>;

/// The spec `text` parsed and resolved, and `given` bound to its params.
struct Bound {
  SourceManager sources;
  ir::Module module;
  DiagnosticEngine diags;
  Resolution names;
  ParamInputs inputs;

  Bound(const std::string& text, const Given& given) {
    FileId file = sources.add("spec.baton", "", text);
    std::vector<ImportRequest> imports;
    build_ir(sources, file, module, diags, imports);
    names = resolve_names(module, diags);
    inputs = bind_params(module, names, given, diags);
  }
  const Value& input(const std::string& name) const {
    for (size_t k = 0; k < module.params.size(); ++k) {
      if (module.params[k].name == name) {
        REQUIRE(inputs[k].has_value());
        return *inputs[k];
      }
    }
    FAIL("no param " << name);
    static const Value kNoValue;
    return kNoValue;
  }
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.diagnostics())
      out.push_back(std::string(diag_info(d.kind).code) + " " + d.message + " | " + d.help);
    return out;
  }
};

}  // namespace

TEST_CASE("params: values parsed by the declared type", "[params]") {
  Bound b("param port: int\nparam debug: bool\nparam zones: list\nparam region: string\n",
          {{"port", "-8080"}, {"debug", "true"}, {"zones", "a,b,,c"}, {"region", "r1"}});
  CHECK(b.diags.diagnostics().empty());
  CHECK(b.input("port").kind == Value::Kind::Int);
  CHECK(b.input("port").i == -8080);
  CHECK(b.input("debug").kind == Value::Kind::Bool);
  CHECK(b.input("debug").b);
  REQUIRE(b.input("zones").items.size() == 4);
  CHECK(b.input("zones").items[2].plain_text().empty());
  CHECK(b.input("zones").items[3].plain_text() == "c");
  CHECK(b.input("region").plain_text() == "r1");
}

TEST_CASE("params: an untyped param takes the type of its default, else string", "[params]") {
  Bound b("param n = 3\nparam m = n * 2\nparam enabled = !false\nparam ssh_port\n",
          {{"n", "5"}, {"m", "7"}, {"enabled", "false"}, {"ssh_port", "2222"}});
  CHECK(b.diags.diagnostics().empty());
  CHECK(b.input("n").kind == Value::Kind::Int);
  CHECK(b.input("m").i == 7);
  CHECK(b.input("enabled").kind == Value::Kind::Bool);
  // No type and no default: a string, even of digits (E0315 converts it for a host's port).
  CHECK(b.input("ssh_port").kind == Value::Kind::String);
  CHECK(b.input("ssh_port").plain_text() == "2222");
}

TEST_CASE("params: ints at the edges of 64 bits", "[params]") {
  Bound b("param lo: int\nparam hi: int\n",
          {{"lo", "-9223372036854775808"}, {"hi", "9223372036854775807"}});
  CHECK(b.diags.diagnostics().empty());
  CHECK(b.input("lo").i == INT64_MIN);
  CHECK(b.input("hi").i == INT64_MAX);
  Bound over("param hi: int\n", {{"hi", "9223372036854775808"}});
  REQUIRE(over.messages().size() == 1);
  CHECK(over.messages()[0].rfind("E0307 --param hi=9223372036854775808: 'hi' is int", 0) == 0);
  // An erroneous value is a value: no "missing" error, and the evaluator sees an error.
  CHECK(over.input("hi").is_error());
}

TEST_CASE("params: values that do not fit, unknown params, secrets", "[params]") {
  Bound b("param port: int\nparam debug: bool\nparam region = \"r\"\nparam token: secret\n",
          {{"port", "80x"}, {"debug", "yes"}, {"regoin", "r2"}, {"token", "s3cret"}});
  CHECK(b.messages() ==
        std::vector<std::string>{
            "E0307 --param port=80x: 'port' is int, and '80x' is not | write a whole number "
            "between -2^63 and 2^63-1, like --param port=3",
            "E0307 --param debug=yes: 'debug' is bool, and 'yes' is not | write --param "
            "debug=true or --param debug=false",
            "E0309 --param regoin: the spec declares no param 'regoin' | did you mean 'region'?",
            "E0310 --param token: 'token' is a secret and cannot be given on the command line | "
            "secrets are supplied when the plan runs, never at compile time",
        });
}

TEST_CASE("params: missing values are reported with an example of the type", "[params]") {
  auto a = testing::analyse(
      "param size: int\nparam zones = [\"a\"]\nparam given = 1\n"
      "param token: secret\n",
      testing::Until::Expand);
  std::vector<std::string> missing;
  for (const Diagnostic& d : a->diags.diagnostics())
    if (d.kind == DiagKind::MissingParam) missing.push_back(d.message + " | " + d.help);
  CHECK(missing == std::vector<std::string>{
                       "param 'size' has no value | pass --param size=<int>, or give it a "
                       "default",
                   });
}

}  // namespace baton
