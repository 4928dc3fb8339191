// Unit tests of the schedule: levels, declaration order within a level, what each step waits
// for and what triggers it, captures, secrets, hosts.
#include <catch2/catch.hpp>

#include "analysis_fixture.h"

namespace baton {
namespace {

using testing::analyse;
using K = plan::EdgeKind;

/// A step's waits_for as "label (kind)" strings.
std::vector<std::string> waits(const plan::Plan& p, const std::string& label) {
  std::vector<std::string> out;
  for (const plan::Step& s : p.steps) {
    if (s.label() == label) {
      for (const plan::Dependency& d : s.waits_for)
        out.push_back(p.steps[d.step].label() + " (" + plan::edge_kind_name(d.kind) + ")");
    }
  }
  return out;
}

}  // namespace

TEST_CASE("schedule: levels by longest path, declaration order within a level", "[schedule]") {
  auto a = analyse(R"(
host b { }
host a[2] { }
service zeta on b {
  output label = "z"
  action one { sh "1" }
  action two { sh "2" }
}
service alpha on a {
  input z = zeta.label
  action install { sh "i" }
  action start { sh "s ${z}" }
}
service mid on b {
  action run after alpha[1].install { sh "m" }
}
)");
  REQUIRE(a->planned);
  CHECK(a->plan.levels == 3);
  CHECK(a->level(0) ==
        std::vector<std::string>{"zeta.one", "alpha[0].install", "alpha[1].install"});
  CHECK(a->level(1) == std::vector<std::string>{"zeta.two", "mid.run"});
  CHECK(a->level(2) == std::vector<std::string>{"alpha[0].start", "alpha[1].start"});
  // Steps are stored in schedule order.
  CHECK(a->steps() == std::vector<std::string>{"zeta.one", "alpha[0].install", "alpha[1].install",
                                               "zeta.two", "mid.run", "alpha[0].start",
                                               "alpha[1].start"});
  CHECK(waits(a->plan, "alpha[1].start") ==
        std::vector<std::string>{"alpha[1].install (sequence)", "zeta.two (data)"});
}

TEST_CASE("schedule: one dependency per step and kind, sorted by step", "[schedule]") {
  auto a = analyse(R"(
host h { }
service a on h {
  output x = "x"
  output y = "y"
  action run { sh "a" }
}
service b on h {
  action run after a { sh "${a.x} ${a.y}" }
}
order a before b
)");
  REQUIRE(a->planned);
  CHECK(waits(a->plan, "b.run") ==
        std::vector<std::string>{"a.run (data)", "a.run (after)", "a.run (order)"});
}

TEST_CASE("schedule: handlers, their triggers, and handlers that never run", "[schedule][events]") {
  auto a = analyse(R"(
host h { }
host db[2] { }
service g on db {
  action bootstrap when first { sh "b" }
  action join when !first { sh "j" }
  handler restart { sh "r" }
}
service k on h {
  action run { sh "k" }
  handler reload { sh "reload" }
}
on g.bootstrap changed -> g.restart
on g[0].bootstrap changed -> k.reload
on k.run ok -> k.reload
)");
  CHECK(a->codes().empty());
  REQUIRE(a->planned);
  // g[1].restart has no trigger on its member (no bootstrap there): not a step.
  CHECK(a->steps() == std::vector<std::string>{"g[0].bootstrap", "g[1].join", "k.run",
                                               "g[0].restart", "k.reload"});
  const plan::Step& reload = a->plan.steps[4];
  CHECK(reload.handler);
  REQUIRE(reload.triggers.size() == 2);
  CHECK(a->plan.steps[reload.triggers[0].step].label() == "g[0].bootstrap");
  CHECK(reload.triggers[0].event == plan::Event::Changed);
  CHECK(a->plan.steps[reload.triggers[1].step].label() == "k.run");
  CHECK(reload.triggers[1].event == plan::Event::Ok);
  CHECK(waits(a->plan, "k.reload") ==
        std::vector<std::string>{"g[0].bootstrap (event)", "k.run (event)"});
}

TEST_CASE("schedule: captures, secrets and hosts", "[schedule]") {
  auto a = analyse(R"(
param t: secret
param u: secret
host ctl { address = "10.0.0.2"; user = "deploy"; port = 2222; zone = "a" }
host db[2] { }
service g on db {
  output uuid = capture "galera-uuid --auth ${u}"
  action install { sh "i" }
  action start { sh "s" }
}
service k on ctl {
  input db = g[1].uuid
  action run { sh "k ${db} ${t}" }
}
)");
  CHECK(a->codes().empty());
  REQUIRE(a->planned);
  REQUIRE(a->plan.captures.size() == 2);
  CHECK(a->plan.steps[a->plan.captures[1].step].label() == "g[1].start");
  CHECK(a->plan.captures[1].instance == "g[1]");
  CHECK(a->plan.captures[1].output == "uuid");
  CHECK(waits(a->plan, "k.run") == std::vector<std::string>{"g[1].start (data)"});
  CHECK(a->plan.secrets == std::vector<std::string>{"t", "u"});
  REQUIRE(a->plan.hosts.size() == 3);
  const plan::Host& ctl = a->plan.hosts[0];
  CHECK(ctl.address == "10.0.0.2");
  CHECK(ctl.user == "deploy");
  CHECK(ctl.port == 2222);
  CHECK(ctl.attrs == std::vector<std::pair<std::string, std::string>>{{"zone", "a"}});
  CHECK(a->plan.hosts[2].name == "db[1]");
  CHECK(a->plan.hosts[2].address == "db[1]");
  CHECK(a->plan.hosts[2].member == 1);
}

}  // namespace baton
