// Boost.Graph behind one adapter: CSR construction, strong components, topological sort.
#include "analyses/graph_adapter.h"

#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <algorithm>
#include <iterator>

namespace baton {

CsrGraph to_csr(const ActionGraph& g, const std::vector<bool>* skip) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  pairs.reserve(g.edges.size());
  for (const GraphEdge& e : g.edges) {
    if (skip && ((*skip)[e.from] || (*skip)[e.to])) continue;
    pairs.emplace_back(e.from, e.to);
  }
  return CsrGraph(boost::edges_are_unsorted_multi_pass, pairs.begin(), pairs.end(),
                  static_cast<uint32_t>(g.nodes.size()));
}

std::vector<uint32_t> strong_components_of(const CsrGraph& graph, uint32_t* count) {
  std::vector<uint32_t> component(boost::num_vertices(graph));
  uint32_t n = static_cast<uint32_t>(boost::strong_components(
      graph, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, graph))));
  if (count) *count = n;
  return component;
}

bool topological_order(const CsrGraph& graph, std::vector<uint32_t>& order) {
  order.clear();
  order.reserve(boost::num_vertices(graph));
  try {
    // Boost reports a cycle by throwing not_a_dag; callers split cycles first, so this only
    // guards against a bug, and the exception stays inside this adapter.
    boost::topological_sort(graph, std::back_inserter(order));
  } catch (const boost::not_a_dag&) {
    return false;
  }
  std::reverse(order.begin(), order.end());
  return true;
}

}  // namespace baton
