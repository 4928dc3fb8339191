// Boost.Graph behind one adapter: CSR construction, strong components, topological sort.
#include "analyses/graph_adapter.h"

#include <algorithm>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <boost/iterator/filter_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>
#include <iterator>

namespace baton {

namespace {

/// Which edges to_csr keeps, and their ends as vertices; iterated twice by Boost, without a
/// copy of the edge list.
struct KeptEdge {
  const std::vector<bool>* skip = nullptr;
  const std::vector<uint32_t>* local = nullptr;
  bool operator()(const GraphEdge& e) const {
    if (skip && ((*skip)[e.from] || (*skip)[e.to])) return false;
    return !local || ((*local)[e.from] != kNone && (*local)[e.to] != kNone);
  }
};
struct EdgeEnds {
  const std::vector<uint32_t>* local = nullptr;
  std::pair<uint32_t, uint32_t> operator()(const GraphEdge& e) const {
    if (local) return {(*local)[e.from], (*local)[e.to]};
    return {e.from, e.to};
  }
};

}  // namespace

CsrGraph to_csr(const ActionGraph& g, const std::vector<bool>* skip,
                const std::vector<uint32_t>* local, uint32_t vertices) {
  KeptEdge kept{skip, local};
  EdgeEnds ends{local};
  auto first = boost::make_transform_iterator(
      boost::make_filter_iterator(kept, g.edges.begin(), g.edges.end()), ends);
  auto last = boost::make_transform_iterator(
      boost::make_filter_iterator(kept, g.edges.end(), g.edges.end()), ends);
  return CsrGraph(boost::edges_are_unsorted_multi_pass, first, last,
                  local ? vertices : static_cast<uint32_t>(g.nodes.size()));
}

std::vector<uint32_t> strong_components_of(const CsrGraph& graph, uint32_t* count) {
  std::vector<uint32_t> component(boost::num_vertices(graph));
  uint32_t n = static_cast<uint32_t>(boost::strong_components(
      graph, boost::make_iterator_property_map(component.begin(),
                                               boost::get(boost::vertex_index, graph))));
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

Ancestry::Ancestry(const ActionGraph& g)
    : in_begin_(g.nodes.size() + 1, 0), in_from_(g.edges.size()), seen_(g.nodes.size(), 0) {
  for (const GraphEdge& e : g.edges) ++in_begin_[e.to + 1];
  for (size_t v = 0; v < g.nodes.size(); ++v) in_begin_[v + 1] += in_begin_[v];
  std::vector<uint32_t> fill(in_begin_.begin(), in_begin_.end() - 1);
  for (const GraphEdge& e : g.edges) in_from_[fill[e.to]++] = e.from;
}

bool Ancestry::precedes(uint32_t before, uint32_t node) {
  ++stamp_;
  work_.assign(1, node);
  while (!work_.empty()) {
    uint32_t v = work_.back();
    work_.pop_back();
    for (uint32_t k = in_begin_[v]; k < in_begin_[v + 1]; ++k) {
      uint32_t u = in_from_[k];
      if (u == before) return true;
      if (seen_[u] == stamp_) continue;
      seen_[u] = stamp_;
      work_.push_back(u);
    }
  }
  return false;
}

}  // namespace baton
