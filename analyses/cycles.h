// Cycles: strongly connected components of the action graph, split where a repeatable action
// allows it (occurrences #0 and #1), reported as deadlocks where nothing does.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyses/action_graph.h"

namespace baton {

struct CycleResult {
  /// Each split's action; its cycle's labels are those of split_nodes, which the schedule fills
  /// in once every split is done (a node of the cycle may be split later itself).
  std::vector<plan::Split> splits;
  /// By split: the nodes of the component it broke, the split action's #0 first.
  std::vector<std::vector<uint32_t>> split_nodes;
  /// The shortest cycle of each component that could not be split, as node pairs.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> deadlocks;
  /// For a split node (occurrence #0): its #1 node; kNone otherwise. By node.
  std::vector<uint32_t> second_run;
  /// By instance: the node after which its captures are taken (see capture_steps.h); empty
  /// when there are deadlocks.
  std::vector<uint32_t> capture_step;
};

/// `galera[1].join`, `haproxy.run#1`.
std::string node_label(const ir::Module& module, const Instances& instances, const ActionGraph& g,
                       uint32_t node);

/// Splits every cycle that can be split (repeated until the graph is acyclic or only
/// deadlocks remain), deterministically; reports deadlocks (E0501), impossible splits (E0502)
/// and splits (R0501). Without deadlocks, then places the captures (capture_steps.h).
CycleResult split_cycles(const ir::Module& module, const Instances& instances, ActionGraph& g,
                         DiagnosticEngine& diags);

}  // namespace baton
