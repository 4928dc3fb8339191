// Unit tests of the adapter between the action graph and Boost.Graph: which edges to_csr
// keeps and how it numbers vertices, strong components and topological order.
#include "analyses/graph_adapter.h"

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <catch2/catch.hpp>

namespace baton {
namespace {

/// A graph of `n` nodes with the edges `edges`.
ActionGraph graph_of(uint32_t n, const std::vector<std::pair<uint32_t, uint32_t>>& edges) {
  ActionGraph g;
  g.nodes.resize(n);
  for (auto [from, to] : edges) {
    GraphEdge e;
    e.from = from;
    e.to = to;
    g.edges.push_back(e);
  }
  return g;
}

/// The edges of `csr` as (source, target) pairs, sorted.
std::vector<std::pair<uint32_t, uint32_t>> edges_of(const CsrGraph& csr) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (auto e : boost::make_iterator_range(boost::edges(csr)))
    out.emplace_back(boost::source(e, csr), boost::target(e, csr));
  std::sort(out.begin(), out.end());
  return out;
}

using Edges = std::vector<std::pair<uint32_t, uint32_t>>;

}  // namespace

TEST_CASE("graph adapter: node i is vertex i, every edge kept", "[graph_adapter]") {
  ActionGraph g = graph_of(4, {{0, 1}, {1, 2}, {0, 2}, {3, 3}});
  CsrGraph csr = to_csr(g);
  CHECK(boost::num_vertices(csr) == 4);
  CHECK(edges_of(csr) == Edges{{0, 1}, {0, 2}, {1, 2}, {3, 3}});
}

TEST_CASE("graph adapter: skip leaves out the edges touching a node", "[graph_adapter]") {
  ActionGraph g = graph_of(4, {{0, 1}, {1, 2}, {2, 3}, {0, 3}});
  std::vector<bool> skip = {false, true, false, false};
  CsrGraph csr = to_csr(g, &skip);
  CHECK(boost::num_vertices(csr) == 4);
  CHECK(edges_of(csr) == Edges{{0, 3}, {2, 3}});
}

TEST_CASE("graph adapter: local keeps a subgraph, renumbered", "[graph_adapter]") {
  ActionGraph g = graph_of(5, {{0, 1}, {1, 4}, {4, 0}, {2, 3}, {1, 2}});
  std::vector<uint32_t> local = {0, 1, kNone, kNone, 2};
  CsrGraph csr = to_csr(g, nullptr, &local, 3);
  CHECK(boost::num_vertices(csr) == 3);
  CHECK(edges_of(csr) == Edges{{0, 1}, {1, 2}, {2, 0}});
}

TEST_CASE("graph adapter: strong components", "[graph_adapter]") {
  // 0 -> 1 -> 2 -> 0 is one component; 3 and 4 are each alone; 5 loops on itself.
  ActionGraph g = graph_of(6, {{0, 1}, {1, 2}, {2, 0}, {2, 3}, {3, 4}, {5, 5}});
  uint32_t count = 0;
  std::vector<uint32_t> comp = strong_components_of(to_csr(g), &count);
  REQUIRE(comp.size() == 6);
  CHECK(count == 4);
  CHECK(comp[0] == comp[1]);
  CHECK(comp[1] == comp[2]);
  CHECK(comp[3] != comp[0]);
  CHECK(comp[4] != comp[3]);
  CHECK(comp[5] != comp[0]);
  CHECK(comp[5] != comp[4]);
}

TEST_CASE("graph adapter: topological order, or false on a cycle", "[graph_adapter]") {
  ActionGraph dag = graph_of(5, {{3, 1}, {1, 0}, {4, 0}, {2, 4}});
  std::vector<uint32_t> order;
  REQUIRE(topological_order(to_csr(dag), order));
  REQUIRE(order.size() == 5);
  std::vector<size_t> at(5);
  for (size_t k = 0; k < order.size(); ++k) at[order[k]] = k;
  for (const GraphEdge& e : dag.edges) CHECK(at[e.from] < at[e.to]);

  ActionGraph cyclic = graph_of(3, {{0, 1}, {1, 2}, {2, 1}});
  CHECK_FALSE(topological_order(to_csr(cyclic), order));
}

}  // namespace baton
