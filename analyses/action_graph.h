// The action graph: one node per action (and handler) per service instance, and the edges
// between them, each with its kind and the source range that created it.
#pragma once

#include <cstdint>
#include <vector>

#include "analyses/evaluate.h"
#include "analyses/plan.h"

namespace baton {

struct ActionNode {
  uint32_t instance = 0;  ///< service instance
  uint32_t action = 0;    ///< index in the service's actions
  int occurrence = -1;    ///< 0/1 once split (see cycles.h)
};

struct GraphEdge {
  uint32_t from = 0, to = 0;
  plan::EdgeKind kind = plan::EdgeKind::Sequence;
  SourceRange range;
};

struct NodeTrigger {
  uint32_t emitter = 0;  ///< node
  ir::EventKind event = ir::EventKind::Changed;
  SourceRange range;
};

struct ActionGraph {
  std::vector<ActionNode> nodes;
  std::vector<GraphEdge> edges;
  std::vector<std::vector<plan::Command>> commands;  ///< by node, evaluated
  std::vector<std::vector<NodeTrigger>> triggers;    ///< by node (handlers)
  std::vector<uint32_t> slot_base;    ///< by instance: first slot in slot_node
  std::vector<uint32_t> slot_node;    ///< by (instance, action) slot: node, or kNone (guarded away)
  std::vector<uint32_t> first_deploy; ///< by instance: first deploy node, or kNone
  std::vector<uint32_t> last_deploy;  ///< by instance: last deploy node, or kNone
  std::vector<plan::Command> capture_commands;  ///< by capture id

  uint32_t node(uint32_t instance, uint32_t action) const {
    return slot_node[slot_base[instance] + action];
  }
};

/// Builds the graph over every instance: guards decide which actions exist; commands are
/// evaluated (their references become data edges); `after`, `order` and events add theirs.
ActionGraph build_action_graph(const ir::Module& module, const Resolution& names, Evaluator& eval,
                               const Instances& instances, DiagnosticEngine& diags);

/// Evaluates a `sh "..."` string into command pieces: literal text is shell, each ${} a value.
plan::Command evaluate_command(const ir::Module& module, Evaluator& eval, ir::ExprId text,
                               const Scope& scope, std::vector<Dep>* deps);

}  // namespace baton
