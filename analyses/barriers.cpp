// Dissolving the barriers that lie on cycles, before cycles are split (see barriers.h).
#include "analyses/barriers.h"

#include "analyses/graph_adapter.h"

namespace baton {

void dissolve_cyclic_barriers(ActionGraph& g) {
  if (g.barriers.empty()) return;
  uint32_t count = 0;
  std::vector<uint32_t> comp = strong_components_of(to_csr(g), &count);
  std::vector<uint32_t> size(count, 0);
  for (uint32_t c : comp) ++size[c];
  // By node: its index in `dissolved` when it is a barrier on a cycle, else kNone.
  std::vector<uint32_t> slot(g.nodes.size(), kNone);
  std::vector<bool> source_major;
  for (const auto& [node, major] : g.barriers) {
    if (size[comp[node]] < 2) continue;  // a barrier has no self-loop
    slot[node] = static_cast<uint32_t>(source_major.size());
    source_major.push_back(major);
  }
  if (source_major.empty()) return;
  // The sources and targets of each, in edge order.
  std::vector<std::vector<uint32_t>> sources(source_major.size()), targets(source_major.size());
  for (const GraphEdge& e : g.edges) {
    if (slot[e.to] != kNone) sources[slot[e.to]].push_back(e.from);
    if (slot[e.from] != kNone) targets[slot[e.from]].push_back(e.to);
  }
  std::vector<GraphEdge> edges;
  edges.reserve(g.edges.size());
  for (const GraphEdge& e : g.edges) {
    if (slot[e.to] != kNone) {  // source -> barrier
      uint32_t b = slot[e.to];
      if (!source_major[b]) continue;
      for (uint32_t t : targets[b]) {
        GraphEdge copy = e;
        copy.to = t;
        edges.push_back(copy);
      }
    } else if (slot[e.from] != kNone) {  // barrier -> target
      uint32_t b = slot[e.from];
      if (source_major[b]) continue;
      for (uint32_t s : sources[b]) {
        GraphEdge copy = e;
        copy.from = s;
        edges.push_back(copy);
      }
    } else {
      edges.push_back(e);
    }
  }
  g.edges = std::move(edges);
}

}  // namespace baton
