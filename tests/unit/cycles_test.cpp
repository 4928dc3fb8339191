// Unit tests of cycle splitting: occurrences #0/#1, where edges attach, deadlocks, splits
// that would need a run-time value too early.
#include <catch2/catch.hpp>

#include "analysis_fixture.h"

namespace baton {
namespace {

using testing::analyse;
using testing::Until;
using K = plan::EdgeKind;

/// The brief's keystone / haproxy / glance cycle, with something before and after it.
const char* kOpenstack = R"(
host lb { }
host ctl { }
service keystone on ctl {
  output endpoint = "http://ctl:5000"
  action run { sh "keystone" }
}
service haproxy on lb {
  input backends = [keystone.endpoint, glance.endpoint]
  output keystone_url = "http://lb:5000"
  action install { sh "apt-get install haproxy" }
  action run repeatable { sh "configure ${join(backends, " ")}" }
}
service glance on ctl {
  input auth = haproxy.keystone_url
  output endpoint = "http://ctl:9292"
  action run { sh "glance ${auth}" }
}
service dns on ctl {
  input lb = haproxy.keystone_url
  action run { sh "dns ${lb}" }
}
)";

}  // namespace

TEST_CASE("cycles: a repeatable action splits a cycle into #0 and #1", "[cycles]") {
  auto a = analyse(kOpenstack, Until::Cycles);
  CHECK(a->codes() == std::vector<std::string>{"R0501"});
  REQUIRE(a->cycles.splits.size() == 1);
  CHECK(a->cycles.splits[0].action == "haproxy.run");
  CHECK(a->cycles.deadlocks.empty());
  uint32_t r0 = a->node("haproxy.run#0"), r1 = a->node("haproxy.run#1");
  REQUIRE(r0 != kNone);
  REQUIRE(r1 != kNone);
  // The cycle's nodes, the split action's #0 first; the schedule turns them into step labels.
  CHECK(a->cycles.split_nodes == std::vector<std::vector<uint32_t>>{{r0, a->node("glance.run")}});
  CHECK(a->cycles.second_run[r0] == r1);
  // From outside into the action: #0 (keystone, and its own install by sequence).
  CHECK(a->edges_into("haproxy.run#0") ==
        std::vector<std::string>{"haproxy.install (sequence)", "keystone.run (data)"});
  // From the action to the rest of the cycle: #0.
  CHECK(a->edge("haproxy.run#0", "glance.run", K::Data));
  // From the rest of the cycle into the action: #1; and #1 after #0.
  CHECK(a->edges_into("haproxy.run#1") ==
        std::vector<std::string>{"glance.run (data)", "haproxy.run#0 (sequence)"});
  // From the action to outside the cycle: #1.
  CHECK(a->edges_into("dns.run") == std::vector<std::string>{"haproxy.run#1 (data)"});
}

TEST_CASE("cycles: splitting is deterministic", "[cycles]") {
  auto a = analyse(kOpenstack);
  auto b = analyse(kOpenstack);
  REQUIRE(a->planned);
  CHECK(a->steps() == b->steps());
  CHECK(a->steps() == std::vector<std::string>{"keystone.run", "haproxy.install", "haproxy.run#0",
                                               "glance.run", "haproxy.run#1", "dns.run"});
}

TEST_CASE("cycles: every member of a group is split, the remark is given once", "[cycles]") {
  auto a = analyse(R"(
host lb[3] { }
host ctl { }
service haproxy on lb {
  input backends = [glance.endpoint]
  output url = "http://${host.address}"
  action run repeatable { sh "configure ${join(backends, " ")}" }
}
service glance on ctl {
  input auth = haproxy[*].url
  output endpoint = "http://ctl:9292"
  action run { sh "glance ${join(auth, ",")}" }
}
)");
  CHECK(a->codes() == std::vector<std::string>{"R0501"});
  REQUIRE(a->planned);
  CHECK(a->plan.splits.size() == 3);
  CHECK(a->level(0) ==
        std::vector<std::string>{"haproxy[0].run#0", "haproxy[1].run#0", "haproxy[2].run#0"});
  CHECK(a->level(1) == std::vector<std::string>{"glance.run"});
  CHECK(a->level(2) ==
        std::vector<std::string>{"haproxy[0].run#1", "haproxy[1].run#1", "haproxy[2].run#1"});
}

TEST_CASE("cycles: captures of a split action run after #1", "[cycles]") {
  auto a = analyse(R"(
host lb { }
host ctl { }
service haproxy on lb {
  input backends = [glance.endpoint]
  output url = "http://lb"
  output stats = capture "haproxy-stats"
  action run repeatable { sh "configure ${join(backends, " ")}" }
}
service glance on ctl {
  input auth = haproxy.url
  output endpoint = "http://ctl:9292"
  action run { sh "glance ${auth}" }
}
)");
  REQUIRE(a->planned);
  REQUIRE(a->plan.captures.size() == 1);
  CHECK(a->plan.steps[a->plan.captures[0].step].label() == "haproxy.run#1");
}

TEST_CASE("cycles: a deadlock lists its shortest cycle with the range behind each edge",
          "[cycles]") {
  auto a = analyse(R"(
host h { }
service a on h {
  input x = c.out
  output out = "a"
  action run { sh "${x}" }
}
service b on h {
  output out = "b"
  action run after a.run { sh "b" }
}
service c on h {
  input y = b.out
  output out = "c"
  action run after a { sh "${y}" }
}
)",
                   Until::Cycles);
  CHECK(a->codes() == std::vector<std::string>{"E0501"});
  const Diagnostic* d = a->find("E0501");
  // a -> c directly (after a) is shorter than a -> b -> c.
  CHECK(d->message == "deadlock: a.run -> c.run -> a.run");
  REQUIRE(d->notes.size() == 2);
  CHECK(d->notes[0].message == "c.run waits for a.run (after)");
  CHECK(d->notes[0].range.line == 15);
  CHECK(d->notes[1].message == "a.run waits for c.run (data)");
  CHECK(d->notes[1].range.line == 4);
  CHECK(d->help ==
        "if running it twice is safe, mark a.run or c.run `repeatable` to split the cycle; "
        "otherwise remove one of these dependencies");
  REQUIRE(a->cycles.deadlocks.size() == 1);
  CHECK(a->cycles.deadlocks[0].size() == 2);
}

TEST_CASE("cycles: a split that needs a run-time value too early is impossible", "[cycles]") {
  SECTION("#0 would need a capture of the cycle") {
    auto a = analyse(R"(
host h { }
service p on h {
  input x = q.cap
  output url = "p"
  action run repeatable { sh "${x}" }
}
service q on h {
  input y = p.url
  output cap = capture "c"
  action run { sh "${y}" }
}
)",
                     Until::Cycles);
    CHECK(a->codes() == std::vector<std::string>{"E0502"});
    CHECK(a->find("E0502")->message ==
          "cannot split the cycle at p.run: its first run would need q.cap, which is known only at "
          "run time, "
          "before q is deployed");
  }
  SECTION("the cycle would need the split action's own capture") {
    auto a = analyse(R"(
host h { }
service p on h {
  input x = q.url
  output token = capture "t"
  action run repeatable { sh "${x}" }
}
service q on h {
  input y = p.token
  output url = "q"
  action run { sh "${y}" }
}
)",
                     Until::Cycles);
    CHECK(a->codes() == std::vector<std::string>{"E0502"});
    CHECK(a->find("E0502")->message ==
          "cannot split the cycle at p.run: q.run would run between its two runs and needs "
          "p.token, which is "
          "captured only after the second");
  }
  SECTION("then the next repeatable action is tried") {
    auto a = analyse(R"(
host h { }
service p on h {
  input x = r.url
  output token = capture "t"
  action run repeatable { sh "${x}" }
}
service q on h {
  input y = p.token
  output url = "q"
  action run { sh "${y}" }
}
service r on h {
  input z = q.url
  output url = "r"
  action run repeatable { sh "${z}" }
}
)");
    CHECK(a->codes() == std::vector<std::string>{"R0501"});
    REQUIRE(a->planned);
    CHECK(a->steps() == std::vector<std::string>{"r.run#0", "p.run", "q.run", "r.run#1"});
  }
}

TEST_CASE("cycles: a handler inside the cycle is triggered by #0", "[cycles][events]") {
  auto a = analyse(R"(
host h { }
service p on h {
  output url = "p"
  action run repeatable after q.reload { sh "p" }
}
service q on h {
  action run { sh "q" }
  handler reload { sh "reload" }
}
service z on h {
  handler notify { sh "notify" }
}
on p.run changed -> q.reload
on p.run changed -> z.notify
)");
  CHECK(a->codes() == std::vector<std::string>{"R0501"});
  REQUIRE(a->planned);
  uint32_t reload = a->node("q.reload"), notify = a->node("z.notify");
  REQUIRE(a->graph.triggers[reload].size() == 1);
  CHECK(a->graph.triggers[reload][0].emitter == a->node("p.run#0"));
  REQUIRE(a->graph.triggers[notify].size() == 1);
  CHECK(a->graph.triggers[notify][0].emitter == a->node("p.run#1"));
}

}  // namespace baton
