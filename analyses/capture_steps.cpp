// Placing captures after splits. A split at a repeatable action R that is not its instance's
// last deploy action may run R#1 after that action; the instance's captures are then taken after
// R#1, so that the value describes the instance once every run is done (semantics.md, Captured
// outputs). Its readers wait for R#1 instead.
#include "analyses/capture_steps.h"

#include <algorithm>

#include "analyses/graph_adapter.h"

namespace baton {

std::vector<uint32_t> place_captures(const ir::Module& m, const Instances& inst, ActionGraph& g,
                                     const CycleResult& cycles) {
  size_t n_inst = inst.services.size();
  std::vector<uint32_t> step(n_inst, kNone);
  for (uint32_t i = 0; i < n_inst; ++i) {
    uint32_t last = g.last_deploy[i];
    if (last != kNone && last < cycles.second_run.size() && cycles.second_run[last] != kNone)
      last = cycles.second_run[last];
    step[i] = last;
  }
  // Second runs of split actions other than the last deploy action, of instances that capture.
  std::vector<std::pair<uint32_t, uint32_t>> runs;  // (instance, #1 node)
  for (uint32_t v = 0; v < g.nodes.size(); ++v) {
    const ActionNode& node = g.nodes[v];
    if (node.occurrence != 1 || step[node.instance.value] == v) continue;
    const ServiceInstance& si = inst.service(node.instance);
    bool captures = false;
    for (const ir::Output& o : m.service(si.service).outputs) captures = captures || o.captured;
    if (captures) runs.emplace_back(node.instance.value, v);
  }
  if (runs.empty()) return step;
  std::sort(runs.begin(), runs.end());
  Ancestry ancestry(g);
  size_t before_edges = g.edges.size();
  std::vector<bool> moved(n_inst, false);
  for (size_t k = 0; k < runs.size();) {
    uint32_t i = runs[k].first;
    std::vector<uint32_t> candidates{step[i]};
    for (; k < runs.size() && runs[k].first == i; ++k) candidates.push_back(runs[k].second);
    // The candidate that every other one precedes; failing that, the one the most precede.
    uint32_t best = candidates[0];
    size_t best_count = 0;
    for (uint32_t c : candidates) {
      size_t count = 0;
      for (uint32_t o : candidates)
        if (o != c && ancestry.precedes(o, c)) ++count;
      if (count > best_count) {
        best = c;
        best_count = count;
      }
    }
    for (uint32_t o : candidates) {
      if (o == best || ancestry.precedes(o, best)) continue;
      const ActionNode& node = g.nodes[o];
      const ir::Action& a = m.service(inst.service(node.instance).service).actions[node.action];
      g.edges.push_back(
          {o, best, plan::EdgeKind::Sequence, false, false, g.intern_range(a.name_range)});
    }
    moved[i] = best != step[i];
    step[i] = best;
  }
  // Readers of a moved capture wait for its new step; one that also reads a static output of
  // the instance still waits for the last deploy action for that.
  for (size_t k = 0; k < before_edges; ++k) {
    GraphEdge e = g.edges[k];
    // A barrier's edge to its readers: its edges from the instance move instead.
    if (e.kind != plan::EdgeKind::Data || !e.capture || g.is_barrier(e.from)) continue;
    uint32_t i = g.nodes[e.from].instance.value;
    if (!moved[i] || e.from == step[i] || g.nodes[e.to].instance.value == i) continue;
    if (e.static_read) {
      g.edges[k].capture = false;
      g.edges.push_back({step[i], e.to, plan::EdgeKind::Data, true, false, e.range});
    } else {
      g.edges[k].from = step[i];
    }
  }
  return step;
}

}  // namespace baton
