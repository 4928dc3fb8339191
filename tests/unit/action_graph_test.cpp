// Unit tests of the action graph: nodes per instance and guard, edges with their kinds.
#include <catch2/catch.hpp>

#include "analysis_fixture.h"

namespace baton {
namespace {

using testing::analyse;
using testing::Until;
using K = plan::EdgeKind;

std::vector<std::string> node_labels(const testing::Analysis& a) {
  std::vector<std::string> out;
  for (uint32_t v = 0; v < a.graph.nodes.size(); ++v)
    if (!a.graph.is_barrier(v)) out.push_back(node_label(a.module, a.instances, a.graph, v));
  return out;
}

}  // namespace

TEST_CASE("graph: one node per action per instance; guards remove nodes per member",
          "[action_graph]") {
  auto a = analyse(R"(
host db[3] { }
service g on db {
  action install { sh "i" }
  action bootstrap when first { sh "b" }
  action join when !first && index < 2 { sh "j" }
  handler restart { sh "r" }
}
on g.install changed -> g.restart
)",
                   Until::Graph);
  REQUIRE(a->codes().empty());
  CHECK(node_labels(*a) ==
        std::vector<std::string>{"g[0].install", "g[0].bootstrap", "g[0].restart", "g[1].install",
                                 "g[1].join", "g[1].restart", "g[2].install", "g[2].restart"});
  CHECK(a->graph.first_deploy[2] == a->node("g[2].install"));
  CHECK(a->graph.last_deploy[1] == a->node("g[1].join"));
  // Sequence skips the guarded-away actions.
  CHECK(a->edges_into("g[1].join") == std::vector<std::string>{"g[1].install (sequence)"});
  CHECK(a->edges_into("g[0].bootstrap") == std::vector<std::string>{"g[0].install (sequence)"});
}

TEST_CASE("graph: data edges go to the action that uses the value", "[action_graph]") {
  auto a = analyse(R"(
host h { }
host o { role = "x" }
param region = "r"
service db on h {
  output address = "db"
  output uuid = capture "uuid"
  action install { sh "i" }
  action start { sh "s" }
}
service mq on h {
  output url = "amqp://mq"
  action run { sh "mq" }
}
service cache on h {
  output addr = "cache"
  action run { sh "c" }
}
service app on o {
  input database = db.address
  input via = database
  input queue = mq.url
  input unused = cache.addr
  input attr = o.role
  output id = capture "id ${queue}"
  action install { sh "install ${region} ${attr}" }
  action configure { sh "configure ${via}" }
  action start { sh "start ${db.uuid}" }
}
)",
                   Until::Graph);
  REQUIRE(a->codes().empty());
  // Through an input of an input: the action whose command uses it.
  CHECK(a->edges_into("app.configure") ==
        std::vector<std::string>{"app.install (sequence)", "db.start (data)"});
  // An input no command uses orders the first deploy action; params and host attributes: none.
  CHECK(a->edges_into("app.install") == std::vector<std::string>{"cache.run (data)"});
  // A capture command's references: the last deploy action, which runs right before it.
  CHECK(a->edges_into("app.start") ==
        std::vector<std::string>{"app.configure (sequence)", "db.start (data)", "mq.run (data)"});
}

TEST_CASE("graph: after targets one member, every member, or a whole service", "[action_graph]") {
  auto a = analyse(R"(
host h { }
host db[2] { }
service g on db {
  action install { sh "i" }
  action start { sh "s" }
}
service m on db {
  action run after g.install { sh "same member" }
}
service x on h {
  action one after g[1].install { sh "1" }
  action all after g[*].install { sh "2" }
  action whole after g { sh "3" }
}
)",
                   Until::Graph);
  REQUIRE(a->codes().empty());
  CHECK(a->edges_into("m[1].run") == std::vector<std::string>{"g[1].install (after)"});
  CHECK(a->edges_into("x.one") == std::vector<std::string>{"g[1].install (after)"});
  CHECK(a->edges_into("x.all") == std::vector<std::string>{"x.one (sequence)",
                                                           "g[0].install (after)",
                                                           "g[1].install (after)"});
  CHECK(a->edges_into("x.whole") ==
        std::vector<std::string>{"x.all (sequence)", "g[0].start (after)", "g[1].start (after)"});
}

TEST_CASE("graph: order puts every deploy action of one side before the other's",
          "[action_graph]") {
  auto a = analyse(R"(
host h { }
service a on h {
  action one { sh "1" }
  action two { sh "2" }
}
service b on h {
  action one { sh "1" }
  action two { sh "2" }
}
order a before b
order a.one before b.two
)",
                   Until::Graph);
  REQUIRE(a->codes().empty());
  CHECK(a->edge("a.two", "b.one", K::Order));
  CHECK(a->edge("a.one", "b.two", K::Order));
  CHECK(a->edges_into("b.one") == std::vector<std::string>{"a.two (order)"});
}

TEST_CASE("graph: events trigger handlers after their emitters and own service",
          "[action_graph][events]") {
  auto a = analyse(R"(
host h { }
host db[2] { }
service g on db {
  action run { sh "g" }
  handler restart { sh "r" }
}
service k on h {
  action run { sh "k" }
  action check { sh "c" }
  handler reload { sh "reload" }
  handler rollback { sh "rollback" }
}
on g.run changed -> g.restart
on g[*].run changed -> k.reload
on g[0].run failed -> k.rollback
)",
                   Until::Graph);
  REQUIRE(a->codes().empty());
  // Member-wise between services on one group.
  CHECK(a->edges_into("g[1].restart") == std::vector<std::string>{"g[1].run (event)"});
  CHECK(a->edges_into("k.reload") ==
        std::vector<std::string>{"g[0].run (event)", "g[1].run (event)", "k.check (sequence)"});
  // A failure handler does not wait for its own service's actions.
  CHECK(a->edges_into("k.rollback") == std::vector<std::string>{"g[0].run (event)"});
  const auto& triggers = a->graph.triggers[a->node("k.reload")];
  REQUIRE(triggers.size() == 2);
  CHECK(triggers[0].emitter == a->node("g[0].run"));
  CHECK(triggers[0].event == ir::EventKind::Changed);
  CHECK(a->graph.triggers[a->node("k.rollback")][0].event == ir::EventKind::Failed);
}

TEST_CASE("graph: event and handler diagnostics", "[action_graph][events]") {
  auto a = analyse(R"(
host h { }
host db[2] { }
service g on db {
  action bootstrap when first { sh "b" }
  action run { sh "r" }
}
service k on h {
  action run { sh "k" }
  action reload { sh "reload" }
  handler lonely { sh "l" }
  handler restart { sh "r" }
}
on g[1].bootstrap changed -> k.restart
on g.run changed -> k.reload
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"W0501", "W0401", "E0503", "E0404"});
  CHECK(a->find("W0401")->message == "this event never fires: a guard removes 'g[1].bootstrap'");
}

TEST_CASE("graph: references to guarded-away actions", "[action_graph]") {
  auto a = analyse(R"(
host h { }
host db[3] { }
service g on db {
  action bootstrap when first { sh "b" }
  action join when !first after g[0].bootstrap { sh "j" }
  action check after g.bootstrap { sh "c" }
}
service x on h {
  action run after g[*].join { sh "skips g[0]" }
  action two after g[2].bootstrap { sh "2" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0407", "E0407"});
  CHECK(a->edges_into("x.run") ==
        std::vector<std::string>{"g[1].join (after)", "g[2].join (after)"});
}

TEST_CASE("graph: captured outputs need a deploy action on every member", "[action_graph]") {
  auto a = analyse(R"(
host h { }
host db[2] { }
service v on h {
  output token = capture "t"
}
service g on db {
  output uuid = capture "u"
  action bootstrap when first { sh "b" }
}
service s on h {
  output id = capture "id"
  action run { sh "uses its own capture: ${s.id}" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0313", "E0313"});
  CHECK(
      a->find("E0313")->message ==
      "output 'token' of service 'v' is captured after the service's last action, and it has none");
  // A deploy action that uses its own capture waits for itself: a cycle (reported by cycles).
  CHECK(a->edge("s.run", "s.run", K::Data));
}

TEST_CASE("graph: guards that depend on a secret or a run-time value", "[action_graph]") {
  auto a = analyse(R"(
param t: secret
host h { }
service p on h {
  output v = capture "v"
  action run { sh "p" }
}
service s on h {
  input token = t
  action one when token == "x" { sh "1" }
  action two when p.v == "y" { sh "2" }
  action three when 3 { sh "3" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0303", "E0304", "E0301"});
  // An erroneous guard keeps its action, so that nothing cascades.
  CHECK(a->node("s.one") != kNone);
}

TEST_CASE("graph: a reference from or to a whole group is one barrier, N+M edges",
          "[action_graph]") {
  // 40 members: order, after [*] and a[*].o from every member would each be 1600 edges.
  auto a = analyse(R"(
host w[40] { }
host h { }
service a on w {
  output o = "a-${index}"
  action run { sh "a" }
}
service b on w {
  input peers = a[*].o
  action run after a[*].run { sh "b ${join(peers, " ")}" }
}
service c on w {
  action run { sh "c" }
}
service p on h {
  input all = a[*].o
  action run { sh "p ${join(all, " ")}" }
}
order a before c
)",
                   Until::Graph);
  REQUIRE(a->codes().empty());
  // One barrier for the order, one for `after a[*].run`, one for each expression `a[*].o` (b's,
  // shared by its 40 members, and p's).
  CHECK(a->barrier_count() == 4);
  CHECK(a->graph.edges.size() < size_t{400});
  // What a member waits for is the same as with an edge from each member.
  std::vector<std::string> from_a;
  from_a.reserve(40);
  for (int k = 0; k < 40; ++k) from_a.push_back("a[" + std::to_string(k) + "].run (data)");
  CHECK(a->edges_into("p.run") == from_a);
  CHECK(a->edge("a[39].run", "c[0].run", K::Order));
  CHECK(a->edge("a[0].run", "b[17].run", K::After));
}

TEST_CASE("graph: a barrier on a cycle is dissolved into its edges, in their order",
          "[action_graph]") {
  auto a = analyse(R"(
host w[3] { }
service a on w {
  action install { sh "i" }
  action run repeatable after b[*].run { sh "a" }
}
service b on w {
  action run { sh "b" }
}
order a before b
)",
                   Until::Cycles);
  REQUIRE(a->codes() == std::vector<std::string>{"R0501"});
  // The order's barrier lay on the cycle: its edges are back, source after source; the
  // barrier of `after b[*].run` did too. Neither has an edge left.
  for (uint32_t v = 0; v < a->graph.nodes.size(); ++v) {
    if (!a->graph.is_barrier(v)) continue;
    for (const GraphEdge& e : a->graph.edges) CHECK((e.from != v && e.to != v));
  }
  CHECK(a->edge("b[2].run", "a[0].run#1", K::After));
}

}  // namespace baton
