// The one adapter between the action graph (node ids) and Boost.Graph: a compressed sparse
// row graph whose vertex i is node i, so algorithms run on a compact, cache-friendly layout.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <vector>

#include "analyses/action_graph.h"

namespace baton {

using CsrGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                       boost::no_property, uint32_t, uint32_t>;

/// The graph of `g` with node i as vertex i. When `skip` is given, edges touching a node with
/// skip[node] set are left out. When `local` is given, only the edges between nodes v with
/// local[v] != kNone are kept, and node v is vertex local[v] (of `vertices`).
CsrGraph to_csr(const ActionGraph& g, const std::vector<bool>* skip = nullptr,
                const std::vector<uint32_t>* local = nullptr, uint32_t vertices = 0);

/// For each node, the strongly connected component it belongs to (Boost's strong_components).
std::vector<uint32_t> strong_components_of(const CsrGraph& graph, uint32_t* count);

/// Nodes in topological order (Boost's topological_sort); false if the graph has a cycle.
bool topological_order(const CsrGraph& graph, std::vector<uint32_t>& order);

/// Whether one node comes before another along the edges of `g` (as they are when built; edges
/// added later are not seen). Each query walks back from the later node, marking what it visits
/// with a stamp, so that a query costs the ancestors it visits, and nothing to reset.
class Ancestry {
 public:
  explicit Ancestry(const ActionGraph& g);
  /// Whether `before` is a (strict) ancestor of `node`.
  bool precedes(uint32_t before, uint32_t node);

 private:
  std::vector<uint32_t> in_begin_, in_from_;  ///< predecessors of node v: in_from_[in_begin_[v]..]
  std::vector<uint32_t> seen_;                ///< by node: the stamp of the query that saw it
  std::vector<uint32_t> work_;
  uint32_t stamp_ = 0;
};

}  // namespace baton
