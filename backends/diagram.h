// What the dot and mermaid backends both draw: the steps in view, their edges, their clusters.
//
// Both diagrams show the same graph; only the syntax differs. Keeping the selection (the
// `--focus` neighbourhood), the edge list and the host grouping here means the two can never
// disagree about what a plan looks like.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyses/plan/plan.h"
#include "backends/backend.h"

namespace baton::diagram {

/// One arrow: `from` runs before `to`.
struct Edge {
  uint32_t from = 0;
  uint32_t to = 0;
  plan::EdgeKind kind = plan::EdgeKind::Sequence;
  /// Event edges: the events that trigger the handler (`changed`, `changed, failed`).
  std::string events;
  /// True when the edge is part of a rejected cycle (Plan::deadlocks).
  bool deadlock = false;
  /// True for a deadlock edge that matches no dependency of the plan (drawn with no kind).
  bool cycle_only = false;
};

/// The hosts of one declared host: a plain host, or every member of a group.
struct Cluster {
  std::string group;  ///< the declared name (`db`, `lb`)
  bool is_group = false;
  /// Plan::hosts indices, each with the steps in view on it (in plan order).
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> hosts;
};

/// A batch of a rolling operation, drawn as a node between the batches: the batch's mark leads
/// to its first steps, and its last steps lead to the next batch's mark (the barrier).
struct BatchMark {
  std::string title;              ///< `batch 1/3: galera on db`
  std::vector<uint32_t> entries;  ///< steps in view that wait for nothing in the batch
  std::vector<uint32_t> exits;    ///< steps in view that nothing in the batch waits for
};

/// The part of a plan a diagram draws.
struct View {
  std::vector<bool> shown;        ///< by step index
  std::vector<bool> in_deadlock;  ///< by step index: an end of a deadlock edge
  std::vector<Cluster>
      clusters;             ///< in the order of Plan::hosts; hosts with no step in view left out
  std::vector<Edge> edges;  ///< between steps in view, grouped by `to` in plan order
  bool deadlocked = false;  ///< the plan has rejected cycles
  std::vector<BatchMark> batches;  ///< Plan::batches, in order
};

/// Builds the view of `plan` under `options` (focus and depth). Returns false with a message
/// in *err when the focus names no service or instance of the plan.
bool build_view(const plan::Plan& plan, const BackendOptions& options, View& view,
                std::string* err);

/// The title of a host's cluster: its name, then `user@address:port` between `before` and
/// `after` when that says more than the name (dot puts it on a second line, mermaid in
/// parentheses).
std::string host_title(const plan::Host& host, std::string_view before, std::string_view after);
/// The title of a group's cluster: `db[*]`.
std::string group_title(const std::string& group);

}  // namespace baton::diagram
