// Unit tests of expansion: group sizes, host and service instances, captures.
#include <catch2/catch.hpp>

#include "analysis_fixture.h"

namespace baton {
namespace {

using testing::analyse;
using testing::Until;

std::vector<std::string> host_names(const Instances& inst) {
  std::vector<std::string> out;
  for (const HostInstance& h : inst.hosts) out.push_back(h.name);
  return out;
}

std::vector<std::string> service_names(const Instances& inst) {
  std::vector<std::string> out;
  for (const ServiceInstance& s : inst.services) out.push_back(s.name);
  return out;
}

}  // namespace

TEST_CASE("expand: one instance per member, in declaration order", "[expand]") {
  auto a = analyse(R"(
param n: int = 1 + 2
host lb { address = "10.0.0.1" }
host db[n] min 2 { address = "10.0.1.${index}" }
host none[0] { }
service g on db {
  output a = capture "a"
  output s = "static"
  output b = capture "b"
  action run { sh "g" }
}
service p on lb {
  output c = capture "c"
  action run { sh "p" }
}
service z on none {
  action run { sh "z" }
}
)",
                   Until::Expand);
  REQUIRE(a->codes().empty());
  const Instances& inst = a->instances;
  CHECK(inst.all_sizes_known);
  CHECK(inst.group_size == std::vector<int64_t>{1, 3, 0});
  CHECK(host_names(inst) == std::vector<std::string>{"lb", "db[0]", "db[1]", "db[2]"});
  CHECK(service_names(inst) == std::vector<std::string>{"g[0]", "g[1]", "g[2]", "p"});
  CHECK(inst.services[1].member == 1);
  CHECK(inst.services[3].member == -1);
  CHECK(inst.services[2].host_instance == HostInstanceId{3});
  CHECK(inst.service_count(ir::ServiceId{0}) == 3);
  CHECK(inst.service_count(ir::ServiceId{2}) == 0);
  // Captures: per instance, in output order.
  REQUIRE(inst.captures.size() == 7);
  CHECK(inst.services[1].first_capture == CaptureId{2});
  CHECK(inst.captures[3].instance == ServiceInstanceId{1});
  CHECK(inst.captures[3].output == 2);
  CHECK(inst.services[3].first_capture == CaptureId{6});
}

TEST_CASE("expand: sizes that are not a non-negative int known at compile time", "[expand]") {
  auto a = analyse(R"(
param s = "3"
host ctl { address = "10.0.0.1" }
host a[s] { }
host b[-1] { }
host c[ctl.address] { }
host d[2] min -3 { }
host e[x.o] { }
service x on ctl {
  output o = 2
  action run { sh "x" }
}
service y on ctl {
  action run { sh "${a[0].address} ${b[5].address}" }
}
)",
                   Until::Graph);
  CHECK(a->codes() == std::vector<std::string>{"E0401", "E0401", "E0401", "E0401", "E0401"});
  // Erroneous groups have no members and report nothing more.
  CHECK(a->instances.size_error == std::vector<bool>{false, true, true, true, false, true});
  CHECK(a->instances.group_size[1] == 0);
}

TEST_CASE("expand: minimum and --max-instances", "[expand]") {
  const char* spec = R"(
param n: int = 3
host db[n] min 3 { }
service g on db {
  action run { sh "g" }
}
)";
  auto ok = analyse(spec, Until::Expand);
  CHECK(ok->codes().empty());
  auto below = analyse(spec, Until::Expand, {{"n", "2"}});
  CHECK(below->codes() == std::vector<std::string>{"E0402"});
  CHECK(below->find("E0402")->message == "group 'db' has 2 members, below its minimum of 3");
  CHECK(below->instances.size_error[0]);

  auto a = std::make_unique<testing::Analysis>();
  FileId file = a->sources.add("spec.baton", "", spec);
  std::vector<ImportRequest> imports;
  build_ir(a->sources, file, a->module, a->diags, imports);
  a->names = resolve_names(a->module, a->diags);
  a->eval = std::make_unique<Evaluator>(a->module, a->names, a->diags, ParamInputs{});
  Instances inst = expand_instances(a->module, a->names, *a->eval, 2, a->diags);
  CHECK(a->codes() == std::vector<std::string>{"E0403"});
  CHECK(inst.hosts.empty());
}

TEST_CASE("expand: a size that depends on a param with no value", "[expand]") {
  // Under check: one representative member, and the graph is built over it.
  auto a = analyse(R"(
param n: int
host db[n] { address = "10.0.1.${index}" }
service g on db {
  action run when first { sh "${index} ${count}" }
}
)",
                   Until::Graph, {}, false);
  CHECK(a->codes().empty());
  CHECK_FALSE(a->instances.all_sizes_known);
  CHECK(a->instances.group_size[0] == -1);
  CHECK(a->instances.services.size() == 1);
  CHECK(a->graph.nodes.size() == 1);
}

}  // namespace baton
