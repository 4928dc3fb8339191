// Unit tests of the evaluator: values, types, replication rules, params and secrets.
#include <catch2/catch.hpp>

#include "analysis_fixture.h"

namespace baton {
namespace {

using testing::analyse;
using testing::Until;

/// The commands of the step labelled `label`, evaluated (see command_texts).
std::vector<std::string> commands_of(const testing::Analysis& a, const std::string& label) {
  for (const plan::Step& s : a.plan.steps)
    if (s.label() == label) return testing::command_texts(a.plan, s.commands);
  FAIL("no step " << label);
  return {};
}

}  // namespace

TEST_CASE("evaluate: literals, operators and builtins", "[evaluate]") {
  auto a = analyse(R"(
param n = 7
param names = ["a", "b"]
host h { address = "10.0.0.1" }
service s on h {
  action run {
    sh "${n + 1} ${n - 10} ${n * 3} ${n / 2} ${n % 4} ${-n}"
    sh "${n < 8} ${n <= 6} ${n > 7} ${n >= 7} ${n == 7} ${n != 7} ${!true}"
    sh "${true && false} ${true || false} ${false && true}"
    sh "${"ab" + "cd"} ${join(names + ["c"], "-")} ${join(names)}"
    sh "${len(names)} ${len("héllo")} ${str(42)} ${int("-12") + 1} ${upper("ab")} ${lower("CD")}"
    sh "${replace("a.b.c", ".", "/")} ${contains(names, "b")} ${contains(names, "z")} ${names[1]}"
    sh "${names == ["a", "b"]} ${[1, 2] == [1, 3]}"
  }
}
)");
  REQUIRE(a->codes().empty());
  REQUIRE(a->planned);
  CHECK(commands_of(*a, "s.run") == std::vector<std::string>{
                                        "[8] [-3] [21] [3] [3] [-7]",
                                        "[true] [false] [false] [true] [true] [false] [false]",
                                        "[false] [true] [false]",
                                        "[abcd] [a-b-c] [a b]",
                                        "[2] [5] [42] [-11] [AB] [cd]",
                                        "[a/b/c] [true] [false] [b]",
                                        "[true] [false]",
                                    });
}

TEST_CASE("evaluate: type errors are reported once per expression, not per member", "[evaluate]") {
  auto a = analyse(R"(
host db[3] { address = "10.0.0.${index}" }
service s on db {
  action run { sh "${index + "x"}" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0302"});
}

TEST_CASE("evaluate: a skipped side of && and || is still type-checked", "[evaluate]") {
  auto a = analyse(R"(
host h { address = "10.0.0.1" }
service s on h {
  action run when false && 5 { sh "x" }
  action two when true || "y" { sh "y" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0302", "E0302"});
}

TEST_CASE("evaluate: arithmetic errors", "[evaluate]") {
  auto a = analyse(R"(
param zero = 0
param big = 9223372036854775807
host h { address = "10.0.0.1" }
service s on h {
  action run { sh "${1 / zero} ${1 % zero} ${big + 1} ${big * 2} ${-(-big - 1)}" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0305", "E0305", "E0305", "E0305", "E0305"});
}

TEST_CASE("evaluate: index, count, first and host per member", "[evaluate]") {
  auto a = analyse(R"(
host lb { address = "10.0.0.1" }
host db[3] { address = "10.0.1.${index * 2}" }
service g on db {
  input peers = db[*].address
  action run { sh "${index} ${count} ${first} ${host.address} ${host.name} ${join(peers, ",")}" }
}
service p on lb {
  action run { sh "${index} ${count} ${first} ${db[2].address} ${db[1].name}" }
}
)");
  REQUIRE(a->planned);
  CHECK(commands_of(*a, "g[0].run") ==
        std::vector<std::string>{"[0] [3] [true] [10.0.1.0] [db[0]] [10.0.1.0,10.0.1.2,10.0.1.4]"});
  CHECK(
      commands_of(*a, "g[2].run") ==
      std::vector<std::string>{"[2] [3] [false] [10.0.1.4] [db[2]] [10.0.1.0,10.0.1.2,10.0.1.4]"});
  CHECK(commands_of(*a, "p.run") == std::vector<std::string>{"[0] [1] [true] [10.0.1.4] [db[1]]"});
}

TEST_CASE("evaluate: an unindexed name on the same group means the same member", "[evaluate]") {
  auto a = analyse(R"(
host db[2] { address = "10.0.1.${index}" }
service g on db {
  output id = "g${index}"
  output uuid = capture "uuid"
  action run { sh "g" }
}
service m on db {
  action run { sh "${g.id} ${g.uuid} ${db.address}" }
}
)");
  REQUIRE(a->planned);
  CHECK(commands_of(*a, "m[0].run") == std::vector<std::string>{"[g0] [<g[0].uuid>] [10.0.1.0]"});
  CHECK(commands_of(*a, "m[1].run") == std::vector<std::string>{"[g1] [<g[1].uuid>] [10.0.1.1]"});
}

TEST_CASE("evaluate: replicated references from elsewhere must say which member", "[evaluate]") {
  auto a = analyse(R"(
host lb { address = "10.0.0.1" }
host db[2] { address = "10.0.1.${index}" }
service g on db {
  output id = "g${index}"
  action run { sh "g" }
}
service p on lb {
  action run { sh "${g.id} ${g[2].id} ${lb[0].address} ${g[*].id[0]}" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0404", "E0405", "E0406"});
  const Diagnostic* d = a->find("E0404");
  REQUIRE(d);
  CHECK(d->help == "write 'g[0].id' for one member or 'g[*].id' for all of them");
}

TEST_CASE("evaluate: --param values by type, defaults, and derived types", "[evaluate][params]") {
  auto a = analyse(R"(
param n: int = 1
param enabled: bool = false
param zones: list = ["z"]
param name = "x"
param neg = -1
param sum = 2 * 3
param copy = n
host h { address = "10.0.0.1" }
service s on h {
  action run { sh "${n + 1} ${!enabled} ${len(zones)}:${join(zones, "|")} ${name} ${neg + 1} ${sum + 1} ${copy + 1}" }
}
)",
                   Until::Schedule,
                   {{"n", "41"},
                    {"enabled", "true"},
                    {"zones", "a,,b"},
                    {"name", "a b"},
                    {"neg", "5"},
                    {"sum", "-3"},
                    {"copy", "9"},
                    {"n", "-9223372036854775808"}});
  REQUIRE(a->codes().empty());
  // A later --param for the same name wins.
  CHECK(commands_of(*a, "s.run") ==
        std::vector<std::string>{"[-9223372036854775807] [false] [3]:[a||b] [a b] [6] [-2] [10]"});
}

TEST_CASE("evaluate: bad --param values are errors, once, with no missing-param cascade",
          "[evaluate][params]") {
  auto a = analyse(R"(
param n: int
param enabled: bool
param t: secret
param region = "r"
host h { address = "10.0.0.1" }
service s on h {
  action run when enabled { sh "${n} ${t} ${region}" }
}
)",
                   Until::Graph,
                   {{"n", "9223372036854775808"}, {"enabled", "1"}, {"t", "x"}, {"regoin", "y"}});
  CHECK(a->codes() == std::vector<std::string>{"E0307", "E0307", "E0310", "E0309"});
  CHECK(a->find("E0309")->help == "did you mean 'region'?");
}

TEST_CASE("evaluate: missing params are all reported, only when a plan needs them",
          "[evaluate][params]") {
  const char* spec = R"(
param a: int
param b
param t: secret
host h { address = "10.0.0.1" }
service s on h {
  action run { sh "${a} ${b} ${t}" }
}
)";
  auto plan = analyse(spec, Until::Graph);
  CHECK(plan->codes() == std::vector<std::string>{"E0308", "E0308"});
  CHECK(plan->find("E0308")->help == "pass --param a=<int>, or give it a default");
  auto check = analyse(spec, Until::Graph, {}, false);
  CHECK(check->codes().empty());
}

TEST_CASE("evaluate: secrets stay symbolic and never leak", "[evaluate][secrets]") {
  auto ok = analyse(R"(
param t: secret
host h { address = "10.0.0.1" }
service s on h {
  input token = t
  action run { sh "use ${token} ${"prefix-" + token}" }
}
)");
  REQUIRE(ok->planned);
  CHECK(commands_of(*ok, "s.run") ==
        std::vector<std::string>{"use [<secret t>] [prefix-<secret t>]"});
  CHECK(ok->plan.secrets == std::vector<std::string>{"t"});

  auto leak = analyse(R"(
param t: secret
host h { address = "10.0.0.1"; pw = t }
service s on h {
  input token = t
  output o = "x${token}"
  action run when token == "x" { sh "true" }
}
)",
                      Until::Graph);
  CHECK(leak->codes() == std::vector<std::string>{"E0303", "E0303", "E0303"});
  for (const Diagnostic& d : leak->diags.diagnostics()) {
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0].message == "'t' is a secret, supplied only when the plan runs");
  }
}

TEST_CASE("evaluate: a captured value is a run-time value", "[evaluate]") {
  auto a = analyse(R"(
host h { address = "10.0.0.1" }
service p on h {
  output v = capture "v"
  action run { sh "p" }
}
service s on h {
  action run when p.v == "x" { sh "${p.v} ${upper(p.v)}" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0304", "E0304"});
  const Diagnostic* d = a->find("E0304");
  REQUIRE(d->notes.size() == 1);
  CHECK(d->notes[0].message == "'p.v' is captured only when the plan runs");
}

TEST_CASE("evaluate: values that depend on themselves", "[evaluate]") {
  auto a = analyse(R"(
param a = b
param b = a
host h { address = h.alias; alias = h.address }
service s on h {
  input x = y
  input y = x
  action run { sh "${x}" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0312", "E0312", "E0312"});
}

}  // namespace baton
