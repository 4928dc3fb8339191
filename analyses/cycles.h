// Cycles: strongly connected components of the action graph, split where a repeatable action
// allows it (occurrences #0 and #1), reported as deadlocks where nothing does.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyses/action_graph.h"

namespace baton {

struct CycleResult {
  std::vector<plan::Split> splits;
  /// The shortest cycle of each component that could not be split, as node pairs.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> deadlocks;
  /// For a split node (occurrence #0): its #1 node; kNone otherwise. By node.
  std::vector<uint32_t> second_run;
};

/// `galera[1].join`, `haproxy.run#1`.
std::string node_label(const ir::Module& module, const Instances& instances, const ActionGraph& g,
                       uint32_t node);

/// Splits every cycle that can be split (repeated until the graph is acyclic or only
/// deadlocks remain), deterministically; reports deadlocks (E0501), impossible splits (E0502)
/// and splits (R0501).
CycleResult split_cycles(const ir::Module& module, const Instances& instances, ActionGraph& g,
                         DiagnosticEngine& diags);

}  // namespace baton
