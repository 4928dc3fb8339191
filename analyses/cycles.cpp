// Cycle splitting. A component with a repeatable action R is split: R becomes R#0 and R#1;
// edges from outside into R, and from R to the rest of the component, stay on #0; edges from
// the rest of the component into R, and from R to outside, move to #1. #0 then runs before
// the component's other actions, so it may use their outputs only when they are static.
#include "analyses/cycles.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "analyses/barriers.h"
#include "analyses/capture_steps.h"
#include "analyses/graph_adapter.h"

namespace baton {

std::string node_label(const ir::Module& m, const Instances& inst, const ActionGraph& g,
                       uint32_t node) {
  const ActionNode& n = g.nodes[node];
  const ServiceInstance& si = inst.service(n.instance);
  const std::string& action = m.service(si.service).actions[n.action].name;
  if (n.occurrence >= 0) return fmt::format("{}.{}#{}", si.name, action, n.occurrence);
  return fmt::format("{}.{}", si.name, action);
}

namespace {

class CycleSplitter {
 public:
  CycleSplitter(const ir::Module& m, const Instances& inst, ActionGraph& g, DiagnosticEngine& diags)
      : m_(m), inst_(inst), g_(g), diags_(diags) {}

  CycleResult run() {
    result_.second_run.assign(g_.nodes.size(), kNone);
    std::vector<bool> dead(g_.nodes.size(), false);
    // The nodes that may still be on a cycle: every node at first; then only the nodes of the
    // components just split (and their second runs), since a split only redirects edges
    // inside its component, so any cycle left is inside one of them.
    std::vector<uint32_t> active;
    bool all_active = true, any_dead = false;
    for (;;) {
      uint32_t count = 0;
      if (all_active) {
        comp_ = strong_components_of(to_csr(g_, any_dead ? &dead : nullptr), &count);
      } else {
        std::vector<uint32_t> local(g_.nodes.size(), kNone);
        for (uint32_t k = 0; k < active.size(); ++k) local[active[k]] = k;
        std::vector<uint32_t> sub = strong_components_of(
            to_csr(g_, any_dead ? &dead : nullptr, &local, static_cast<uint32_t>(active.size())),
            &count);
        // Nodes outside the subgraph are each alone in a component of their own.
        comp_.resize(g_.nodes.size());
        for (uint32_t v = 0; v < g_.nodes.size(); ++v)
          comp_[v] = local[v] == kNone ? count + v : sub[local[v]];
      }
      std::vector<uint32_t> size(count, 0), first(count, kNone);
      auto in_subgraph = [&](uint32_t v) { return comp_[v] < count; };
      for (uint32_t v = 0; v < comp_.size(); ++v) {
        if (!in_subgraph(v)) continue;
        if (first[comp_[v]] == kNone) first[comp_[v]] = v;
        ++size[comp_[v]];
      }
      std::vector<bool> self_loop(g_.nodes.size(), false);
      for (const GraphEdge& e : g_.edges)
        if (e.from == e.to && !dead[e.from]) self_loop[e.from] = true;
      // Components in the order of their first node, so that splitting is deterministic.
      std::vector<uint32_t> cyclic;
      for (uint32_t c = 0; c < count; ++c)
        if (size[c] > 1 || self_loop[first[c]]) cyclic.push_back(c);
      std::sort(cyclic.begin(), cyclic.end(),
                [&](uint32_t a, uint32_t b) { return first[a] < first[b]; });
      if (cyclic.empty()) break;
      // The members of each cyclic component, in node order: members_[slot_[c]].
      slot_.assign(count, kNone);
      members_.assign(cyclic.size(), {});
      for (uint32_t k = 0; k < cyclic.size(); ++k) {
        slot_[cyclic[k]] = k;
        members_[k].reserve(size[cyclic[k]]);
      }
      for (uint32_t v = 0; v < comp_.size(); ++v)
        if (in_subgraph(v) && slot_[comp_[v]] != kNone) members_[slot_[comp_[v]]].push_back(v);
      index_out_edges();
      consumers_slot_ = kNone;
      // Each cyclic component splits at its first unsplit repeatable action; all the splits of
      // one round are applied in one pass over the edges.
      std::vector<uint32_t> split_at(g_.nodes.size(), kNone);  // node -> its #1, for this round
      std::vector<uint32_t> splits;
      for (uint32_t c : cyclic) {
        const std::vector<uint32_t>& nodes = members_[slot_[c]];
        // The first repeatable action whose split needs no run-time value too early; when each
        // one would, the first one's reason is reported.
        uint32_t repeatable = kNone, blocked = kNone;
        for (uint32_t v : nodes) {
          const ir::Action& a = action(v);
          if (!a.repeatable || a.handler || g_.nodes[v].occurrence >= 0) continue;
          if (split_blocker(v, nullptr)) {
            if (blocked == kNone) blocked = v;
            continue;
          }
          repeatable = v;
          break;
        }
        if (repeatable == kNone) {
          if (blocked == kNone) {
            deadlock(nodes);
          } else {
            split_impossible(blocked);
          }
          for (uint32_t v : nodes) dead[v] = true;
          any_dead = true;
          continue;
        }
        split_at[repeatable] = static_cast<uint32_t>(g_.nodes.size() + splits.size());
        splits.push_back(repeatable);
      }
      active.clear();
      for (uint32_t r : splits) {
        const std::vector<uint32_t>& nodes = members_[slot_[comp_[r]]];
        active.insert(active.end(), nodes.begin(), nodes.end());
        active.push_back(split_at[r]);
      }
      all_active = false;
      apply_splits(splits, split_at);
      dead.resize(g_.nodes.size(), false);
    }
    return std::move(result_);
  }

 private:
  const ir::Action& action(uint32_t node) const {
    const ActionNode& n = g_.nodes[node];
    return m_.service(inst_.service(n.instance).service).actions[n.action];
  }
  std::string label(uint32_t node) const { return node_label(m_, inst_, g_, node); }
  /// `haproxy.run`: the action's declaration, whatever the member.
  std::string decl_label(uint32_t node) const {
    const ActionNode& n = g_.nodes[node];
    return m_.service(inst_.service(n.instance).service).name + "." + action(node).name;
  }
  bool same_component(uint32_t a, uint32_t b) const {
    return a < comp_.size() && b < comp_.size() && comp_[a] == comp_[b];
  }

  /// Out-edges and in-edges of the nodes of cyclic components, as edge indices in edge order
  /// (rebuilt each round): the only nodes whose edges the splitting looks at.
  void index_out_edges() {
    local_.assign(g_.nodes.size(), kNone);
    uint32_t n = 0;
    for (const std::vector<uint32_t>& nodes : members_)
      for (uint32_t v : nodes) local_[v] = n++;
    out_begin_.assign(n + 1, 0);
    in_begin_.assign(n + 1, 0);
    for (const GraphEdge& e : g_.edges) {
      if (local_[e.from] != kNone) ++out_begin_[local_[e.from] + 1];
      if (local_[e.to] != kNone) ++in_begin_[local_[e.to] + 1];
    }
    for (size_t v = 0; v < n; ++v) {
      out_begin_[v + 1] += out_begin_[v];
      in_begin_[v + 1] += in_begin_[v];
    }
    out_edges_.resize(out_begin_[n]);
    in_edges_.resize(in_begin_[n]);
    std::vector<uint32_t> out_fill(out_begin_.begin(), out_begin_.end() - 1);
    std::vector<uint32_t> in_fill(in_begin_.begin(), in_begin_.end() - 1);
    for (uint32_t k = 0; k < g_.edges.size(); ++k) {
      if (local_[g_.edges[k].from] != kNone) out_edges_[out_fill[local_[g_.edges[k].from]]++] = k;
      if (local_[g_.edges[k].to] != kNone) in_edges_[in_fill[local_[g_.edges[k].to]]++] = k;
    }
  }
  /// The edges out of and into `v`, a node of a cyclic component, as [first, last) in
  /// out_edges_ and in_edges_.
  std::pair<uint32_t, uint32_t> out_range(uint32_t v) const {
    return {out_begin_[local_[v]], out_begin_[local_[v] + 1]};
  }
  std::pair<uint32_t, uint32_t> in_range(uint32_t v) const {
    return {in_begin_[local_[v]], in_begin_[local_[v] + 1]};
  }

  /// The shortest cycle through the component's first node, as edge indices (BFS inside it).
  std::vector<size_t> shortest_cycle(const std::vector<uint32_t>& nodes) {
    uint32_t start = nodes[0];
    std::map<uint32_t, size_t> via;  // node -> edge that reached it
    std::deque<uint32_t> queue{start};
    std::set<uint32_t> seen{start};
    while (!queue.empty()) {
      uint32_t u = queue.front();
      queue.pop_front();
      for (auto [i, last] = out_range(u); i < last; ++i) {
        size_t k = out_edges_[i];
        uint32_t v = g_.edges[k].to;
        if (!same_component(v, start)) continue;
        if (v == start) {
          std::vector<size_t> path{k};
          for (uint32_t w = u; w != start; w = g_.edges[via[w]].from) path.push_back(via[w]);
          std::reverse(path.begin(), path.end());
          return path;
        }
        if (seen.insert(v).second) {
          via[v] = k;
          queue.push_back(v);
        }
      }
    }
    return {};
  }

  void deadlock(const std::vector<uint32_t>& nodes) {
    std::vector<size_t> cycle = shortest_cycle(nodes);
    if (cycle.empty()) return;
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    std::string path = label(g_.edges[cycle[0]].from), signature;
    for (size_t k : cycle) {
      pairs.emplace_back(g_.edges[k].from, g_.edges[k].to);
      path += " -> " + label(g_.edges[k].to);
      signature += decl_label(g_.edges[k].from) + ">";
    }
    result_.deadlocks.push_back(pairs);
    // Members of a group repeat the same cycle: report it once.
    if (!reported_.insert(signature).second) return;
    const GraphEdge& first = g_.edges[cycle[0]];
    Diagnostic& d =
        diags_.report(DiagKind::Deadlock, action(first.from).name_range, "deadlock: " + path);
    // Candidates: actions of the cycle whose split would work (no run-time value needed early).
    std::vector<std::string> candidates;
    bool blocked = false;
    // Whether members of one replicated service wait for each other's captures, and only that.
    const ServiceInstance& head = inst_.service(g_.nodes[nodes[0]].instance);
    bool peers = nodes.size() > 1 && head.member >= 0;
    for (uint32_t v : nodes)
      peers = peers && inst_.service(g_.nodes[v].instance).service == head.service;
    for (size_t k : cycle) {
      const GraphEdge& e = g_.edges[k];
      peers = peers && e.kind == plan::EdgeKind::Data && e.capture;
      bool own =
          e.kind == plan::EdgeKind::Data && g_.nodes[e.from].instance == g_.nodes[e.to].instance;
      d.notes.push_back(
          {g_.range(e), own ? fmt::format("{} uses a value captured after {}, the last action of "
                                          "its service",
                                          label(e.to), label(e.from))
                            : fmt::format("{} waits for {} ({})", label(e.to), label(e.from),
                                          plan::edge_kind_name(e.kind))});
      if (action(e.from).handler) continue;
      if (split_blocker(e.from, nullptr)) {
        blocked = true;
      } else {
        candidates.push_back(decl_label(e.from));
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::string list;
    for (size_t k = 0; k < candidates.size(); ++k)
      list += (k ? (k + 1 == candidates.size() ? " or " : ", ") : "") + candidates[k];
    d.help =
        peers
            ? fmt::format(
                  "the members of '{0}' wait for each other's captured outputs: what they need "
                  "from each other must be known at compile time, a static output (like "
                  "\"{0}-${{index}}\") or an attribute of their hosts ({1}[*].address), which "
                  "makes no edge",
                  m_.service(head.service).name, m_.host(inst_.host(head.host_instance).host).name)
        : !candidates.empty()
            ? "if running it twice is safe, mark " + list +
                  " `repeatable` to split the cycle; otherwise remove one of these dependencies"
        : blocked
            ? "remove one of these dependencies: no action here can be split, each would need "
              "a captured value before it exists"
            : "remove one of these dependencies";
  }

  /// Whether `r` uses, in its commands, a capture of instance `of`.
  bool uses_capture_of(uint32_t r, ServiceInstanceId of, std::string* output) const {
    auto [first, last] = ActionGraph::entries_of(g_.node_captures, r);
    for (size_t k = first; k < last; ++k) {
      const CaptureRef& ref = inst_.captures[g_.node_captures[k].second];
      if (ref.instance != of) continue;
      *output = m_.service(inst_.service(ref.instance).service).outputs[ref.output].name;
      return true;
    }
    return false;
  }

  /// A data edge that splitting at `r` would break: `consumer` would run before the capture
  /// `producer`.`output` that its commands use exists.
  struct Blocker {
    const GraphEdge* edge = nullptr;
    ServiceInstanceId producer;  ///< the instance whose captured output is needed
    uint32_t consumer = 0;       ///< node that needs it
    std::string output;
    bool first_run = true;  ///< r#0 needs it; else an action between r#0 and r#1 needs r's own
  };

  /// Whether `node` uses a capture of instance `of` in its commands or, as its instance's last
  /// deploy action, in the capture commands that run right after it.
  bool needs_capture_of(uint32_t node, ServiceInstanceId of, std::string* output) const {
    if (uses_capture_of(node, of, output)) return true;
    const ServiceInstance& si = inst_.service(g_.nodes[node].instance);
    if (g_.last_deploy[g_.nodes[node].instance.value] != node) return false;
    const ir::Service& svc = m_.service(si.service);
    uint32_t id = si.first_capture.value;
    for (const ir::Output& o : svc.outputs) {
      if (!o.captured) continue;
      if (id < g_.capture_commands.size()) {
        for (const plan::CommandPiece& p : g_.capture_commands[id].pieces) {
          for (const plan::Segment& s : p.value) {
            if (s.kind == plan::Segment::Kind::Capture &&
                inst_.captures[s.capture].instance == of) {
              const CaptureRef& ref = inst_.captures[s.capture];
              *output = m_.service(inst_.service(ref.instance).service).outputs[ref.output].name;
              return true;
            }
          }
        }
      }
      ++id;
    }
    return false;
  }

  /// Whether splitting at `r` is impossible, and why (into `out` when given). #0 stops waiting
  /// for the rest of the component, so what it takes from there must be static; and the rest
  /// of the component runs between #0 and #1, before the captures taken after r's last run.
  bool split_blocker(uint32_t r, Blocker* out) const {
    std::string output;
    for (auto [i, last] = in_range(r); i < last; ++i) {
      const GraphEdge& e = g_.edges[in_edges_[i]];
      // A self-loop (r uses its own instance's capture) counts: no occurrence of r can wait for it.
      if (!same_component(e.from, r) || e.kind != plan::EdgeKind::Data) continue;
      ServiceInstanceId producer = g_.nodes[e.from].instance;
      if (!uses_capture_of(r, producer, &output)) continue;
      if (out) *out = Blocker{&e, producer, r, output, true};
      return true;
    }
    // Anything else in the component runs between #0 and #1, before r's instance is captured
    // (after #1, or after its last deploy action when that comes later).
    ServiceInstanceId own = g_.nodes[r].instance;
    const std::vector<std::pair<ServiceInstanceId, uint32_t>>& consumers = capture_consumers(r);
    auto it = std::lower_bound(consumers.begin(), consumers.end(), std::make_pair(own, 0u));
    for (; it != consumers.end() && it->first == own; ++it) {
      uint32_t consumer = it->second;
      if (consumer == r) continue;
      needs_capture_of(consumer, own, &output);
      // The use's data edge: from the instance's last deploy action (into the consumer).
      const GraphEdge* use = nullptr;
      for (auto [i, last] = in_range(consumer); i < last && !use; ++i) {
        const GraphEdge& e = g_.edges[in_edges_[i]];
        if (e.kind == plan::EdgeKind::Data && g_.nodes[e.from].instance == own) use = &e;
      }
      for (auto [i, last] = in_range(consumer); i < last && !use; ++i) {
        const GraphEdge& e = g_.edges[in_edges_[i]];
        if (same_component(e.from, consumer)) use = &e;
      }
      if (!use) continue;
      if (out) *out = Blocker{use, own, consumer, output, false};
      return true;
    }
    return false;
  }

  /// (instance, node) for each captured output of that instance that a node of r's component
  /// needs (see needs_capture_of), sorted; computed once per component and round.
  const std::vector<std::pair<ServiceInstanceId, uint32_t>>& capture_consumers(uint32_t r) const {
    uint32_t slot = slot_[comp_[r]];
    if (consumers_slot_ == slot) return consumers_;
    consumers_slot_ = slot;
    consumers_.clear();
    for (uint32_t v : members_[slot]) {
      auto [first, last] = ActionGraph::entries_of(g_.node_captures, v);
      for (size_t k = first; k < last; ++k)
        consumers_.emplace_back(inst_.captures[g_.node_captures[k].second].instance, v);
      const ServiceInstance& si = inst_.service(g_.nodes[v].instance);
      if (g_.last_deploy[g_.nodes[v].instance.value] != v) continue;
      uint32_t id = si.first_capture.value;
      for (const ir::Output& o : m_.service(si.service).outputs) {
        if (!o.captured) continue;
        if (id < g_.capture_commands.size()) {
          for (const plan::CommandPiece& p : g_.capture_commands[id].pieces) {
            for (const plan::Segment& s : p.value) {
              if (s.kind == plan::Segment::Kind::Capture)
                consumers_.emplace_back(inst_.captures[s.capture].instance, v);
            }
          }
        }
        ++id;
      }
    }
    std::sort(consumers_.begin(), consumers_.end());
    consumers_.erase(std::unique(consumers_.begin(), consumers_.end()), consumers_.end());
    return consumers_;
  }

  void split_impossible(uint32_t r) {
    Blocker b;
    split_blocker(r, &b);
    const std::string value = inst_.service(b.producer).name + "." + b.output;
    if (reported_.insert("impossible:" + decl_label(r)).second) {
      std::string why =
          b.first_run
              ? fmt::format(
                    "its first run would need {}, which is known only at run time, before {} is "
                    "deployed",
                    value, inst_.service(b.producer).name)
              : fmt::format(
                    "{} would run between its two runs and needs {}, which is captured only after "
                    "the second",
                    label(b.consumer), value);
      Diagnostic& d =
          diags_.report(DiagKind::SplitImpossible, action(r).name_range,
                        fmt::format("cannot split the cycle at {}: {}", decl_label(r), why));
      d.notes.push_back(
          {g_.range(*b.edge), fmt::format("{} uses {} here", label(b.consumer), value)});
      d.help = fmt::format("make {} a static output, or break the cycle elsewhere", value);
    }
    result_.deadlocks.push_back({{b.edge->from, b.edge->to}});
  }

  void apply_splits(const std::vector<uint32_t>& splits, const std::vector<uint32_t>& split_at) {
    if (splits.empty()) return;
    for (uint32_t r : splits) {
      ActionNode copy = g_.nodes[r];
      copy.occurrence = 1;
      g_.nodes[r].occurrence = 0;
      g_.nodes.push_back(copy);
      if (g_.keep_commands) {
        g_.commands.push_back(g_.commands[r]);
        g_.envs.push_back(g_.envs[r]);
      }
      // The second run uses what the first does.
      uint32_t second_node = static_cast<uint32_t>(g_.nodes.size() - 1);
      auto [cap_first, cap_last] = ActionGraph::entries_of(g_.node_captures, r);
      for (size_t k = cap_first; k < cap_last; ++k) {
        uint32_t capture = g_.node_captures[k].second;
        g_.node_captures.emplace_back(second_node, capture);
      }
      auto [secret_first, secret_last] = ActionGraph::entries_of(g_.node_secrets, r);
      for (size_t k = secret_first; k < secret_last; ++k) {
        std::string secret = g_.node_secrets[k].second;
        g_.node_secrets.emplace_back(second_node, std::move(secret));
      }
      g_.triggers.push_back(g_.triggers[r]);
      result_.second_run.push_back(kNone);
      result_.second_run[r] = split_at[r];
    }
    auto second = [&](uint32_t v) { return v < split_at.size() ? split_at[v] : kNone; };
    for (GraphEdge& e : g_.edges) {
      uint32_t to_split = second(e.to), from_split = second(e.from);
      uint32_t from = e.from, to = e.to;
      if (to_split != kNone && from != to && same_component(from, to)) e.to = to_split;
      if (from_split != kNone && from != to && !same_component(from, to)) e.from = from_split;
    }
    // A trigger follows its event edge: a handler inside the component waits for #0, so #0
    // triggers it; one outside waits for #1.
    for (uint32_t h = 0; h < g_.triggers.size(); ++h) {
      for (NodeTrigger& t : g_.triggers[h]) {
        if (second(t.emitter) != kNone && !same_component(t.emitter, h))
          t.emitter = second(t.emitter);
      }
    }
    for (uint32_t r : splits) {
      g_.edges.push_back({r, split_at[r], plan::EdgeKind::Sequence, false, false,
                          g_.intern_range(action(r).name_range)});
      plan::Split split;
      std::string l = label(r);
      split.action = l.substr(0, l.size() - 2);
      std::vector<uint32_t>& nodes = result_.split_nodes.emplace_back();
      nodes.push_back(r);
      for (uint32_t v : members_[slot_[comp_[r]]])
        if (v != r) nodes.push_back(v);
      if (reported_.insert("split:" + decl_label(r)).second) {
        // A component spanning a large group would make a message of every member: name a few.
        std::string others;
        size_t named = 0, rest = 0;
        for (uint32_t v : members_[slot_[comp_[r]]]) {
          if (v == r) continue;
          if (named < 4) {
            others += (named++ ? ", " : "") + label(v);
          } else {
            ++rest;
          }
        }
        if (rest) others += fmt::format(" and {} more", rest);
        diags_.report(DiagKind::CycleSplit, action(r).name_range,
                      fmt::format("{} runs twice to split a cycle: {}#0 before {}, {}#1 after",
                                  decl_label(r), split.action, others, split.action));
      }
      result_.splits.push_back(std::move(split));
    }
  }

  const ir::Module& m_;
  const Instances& inst_;
  ActionGraph& g_;
  DiagnosticEngine& diags_;
  CycleResult result_;
  std::set<std::string> reported_;
  std::vector<uint32_t> comp_;  ///< component of each node, this round
  std::vector<uint32_t> slot_;  ///< by component: its index in members_, or kNone (not cyclic)
  std::vector<std::vector<uint32_t>> members_;  ///< nodes of each cyclic component, this round
  std::vector<uint32_t>
      local_;  ///< by node: its index in out_begin_/in_begin_, kNone if not cyclic
  std::vector<uint32_t> out_begin_, out_edges_, in_begin_, in_edges_;
  /// See capture_consumers: for the component at members_[consumers_slot_].
  mutable std::vector<std::pair<ServiceInstanceId, uint32_t>> consumers_;
  mutable uint32_t consumers_slot_ = kNone;
};

}  // namespace

CycleResult split_cycles(const ir::Module& module, const Instances& instances, ActionGraph& g,
                         DiagnosticEngine& diags) {
  dissolve_cyclic_barriers(g);
  CycleResult result = CycleSplitter(module, instances, g, diags).run();
  if (result.deadlocks.empty()) result.capture_step = place_captures(module, instances, g, result);
  return result;
}

}  // namespace baton
