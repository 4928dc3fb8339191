// The action graph: one node per action (and handler) per service instance, and the edges
// between them, each with its kind and the source range that created it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyses/evaluate.h"
#include "analyses/plan/plan.h"

namespace baton {

/// An action of an instance, or a barrier (no instance): one node standing for a reference from
/// or to a whole group (`order a before b`, `after a[*].run`), so that N sources and M targets
/// make N+M edges, not N*M. A barrier is no step: each target waits for every source through it
/// (barriers.h says how the analyses see through it).
struct ActionNode {
  ServiceInstanceId instance;  ///< invalid for a barrier
  uint32_t action = 0;         ///< index in the service's actions
  int occurrence = -1;         ///< 0/1 once split (see cycles.h)
};

struct GraphEdge {
  uint32_t from = 0, to = 0;
  plan::EdgeKind kind = plan::EdgeKind::Sequence;
  /// Data edges: `to` needs a captured output of `from`'s instance (taken after its last run),
  /// and `to` reads a static output of that instance (or orders after it).
  bool capture = false, static_read = false;
  uint32_t range = 0;  ///< the source range that created the edge: ActionGraph::ranges[range]
};

struct NodeTrigger {
  uint32_t emitter = 0;  ///< node
  ir::EventKind event = ir::EventKind::Changed;
  SourceRange range;
};

struct ActionGraph {
  std::vector<ActionNode> nodes;
  std::vector<GraphEdge> edges;
  /// The source ranges of the edges, each once (edges of every member share them).
  std::vector<SourceRange> ranges;
  /// By node, evaluated; empty (no entry per node) when the graph was built without commands.
  std::vector<std::vector<plan::Command>> commands;
  /// By node, the variables of its `env` clause, evaluated; empty like `commands`.
  std::vector<std::vector<plan::EnvVar>> envs;
  bool keep_commands = true;
  /// (node, capture id) for each captured output that a node's commands use, in node order and
  /// then in the order the commands use them; (node, secret param) likewise. Kept whether or
  /// not the commands are.
  std::vector<std::pair<uint32_t, uint32_t>> node_captures;
  std::vector<std::pair<uint32_t, std::string>> node_secrets;
  std::vector<std::vector<NodeTrigger>> triggers;  ///< by node (handlers)
  std::vector<uint32_t> slot_base;                 ///< by instance: first slot in slot_node
  std::vector<uint32_t> slot_node;  ///< by (instance, action) slot: node, or kNone (guarded away)
  std::vector<uint32_t> first_deploy;           ///< by instance: first deploy node, or kNone
  std::vector<uint32_t> last_deploy;            ///< by instance: last deploy node, or kNone
  std::vector<plan::Command> capture_commands;  ///< by capture id
  /// The barrier nodes, in creation order, each with how its edges were made: source-major
  /// (`order`: each source to every target, source after source) or target-major (`after`: each
  /// target from every source). Dissolving a barrier restores that order (barriers.h).
  std::vector<std::pair<uint32_t, bool>> barriers;  ///< (node, source_major)

  bool is_barrier(uint32_t node) const { return !nodes[node].instance.valid(); }

  uint32_t node(ServiceInstanceId instance, uint32_t action) const {
    return slot_node[slot_base[instance.value] + action];
  }
  const SourceRange& range(const GraphEdge& e) const { return ranges[e.range]; }
  /// The index in `ranges` of a range of the IR, added on first use: edges made by the same
  /// declaration (an `after`, an event, an action's name) share one entry.
  uint32_t intern_range(const SourceRange& r) {
    auto [it, fresh] = range_index_.emplace(&r, static_cast<uint32_t>(ranges.size()));
    if (fresh) ranges.push_back(r);
    return it->second;
  }
  /// The entries of `node` in node_captures or node_secrets (sorted by node), as [first, last).
  template <typename T>
  static std::pair<size_t, size_t> entries_of(const std::vector<std::pair<uint32_t, T>>& list,
                                              uint32_t node) {
    auto lo =
        std::lower_bound(list.begin(), list.end(), node,
                         [](const std::pair<uint32_t, T>& e, uint32_t n) { return e.first < n; });
    auto hi = lo;
    while (hi != list.end() && hi->first == node) ++hi;
    return {static_cast<size_t>(lo - list.begin()), static_cast<size_t>(hi - list.begin())};
  }

 private:
  std::unordered_map<const SourceRange*, uint32_t> range_index_;  ///< see intern_range
};

/// Builds the graph over every instance: guards decide which actions exist; commands are
/// evaluated (their references become data edges); `after`, `order` and events add theirs.
/// Without `keep_commands` the commands are evaluated (for their errors, edges, captures and
/// secrets) but not kept: ActionGraph::commands stays empty.
ActionGraph build_action_graph(const ir::Module& module, const Resolution& names, Evaluator& eval,
                               const Instances& instances, DiagnosticEngine& diags,
                               bool keep_commands = true);

}  // namespace baton
