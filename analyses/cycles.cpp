// Cycle splitting. A component with a repeatable action R is split: R becomes R#0 and R#1;
// edges from outside into R, and from R to the rest of the component, stay on #0; edges from
// the rest of the component into R, and from R to outside, move to #1. #0 then runs before
// the component's other actions, so it may use their outputs only when they are static.
#include "analyses/cycles.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "analyses/graph_adapter.h"

namespace baton {

std::string node_label(const ir::Module& m, const Instances& inst, const ActionGraph& g, uint32_t node) {
  const ActionNode& n = g.nodes[node];
  const ServiceInstance& si = inst.services[n.instance];
  std::string s = si.name + "." + m.services[si.service].actions[n.action].name;
  if (n.occurrence >= 0) s += "#" + std::to_string(n.occurrence);
  return s;
}

namespace {

class CycleSplitter {
 public:
  CycleSplitter(const ir::Module& m, const Instances& inst, ActionGraph& g, DiagnosticEngine& diags)
      : m_(m), inst_(inst), g_(g), diags_(diags) {}

  CycleResult run() {
    result_.second_run.assign(g_.nodes.size(), kNone);
    std::vector<bool> dead(g_.nodes.size(), false);
    for (;;) {
      CsrGraph csr = to_csr(g_, &dead);
      uint32_t count = 0;
      std::vector<uint32_t> comp = strong_components_of(csr, &count);
      std::vector<std::vector<uint32_t>> members(count);
      for (uint32_t v = 0; v < comp.size(); ++v) members[comp[v]].push_back(v);
      std::vector<bool> self_loop(g_.nodes.size(), false);
      for (const GraphEdge& e : g_.edges)
        if (e.from == e.to && !dead[e.from]) self_loop[e.from] = true;
      // Components in the order of their first node, so that splitting is deterministic.
      std::vector<uint32_t> cyclic;
      for (uint32_t c = 0; c < count; ++c)
        if (members[c].size() > 1 || self_loop[members[c][0]]) cyclic.push_back(c);
      std::sort(cyclic.begin(), cyclic.end(),
                [&](uint32_t a, uint32_t b) { return members[a][0] < members[b][0]; });
      if (cyclic.empty()) break;
      for (uint32_t c : cyclic) {
        std::vector<uint32_t>& nodes = members[c];
        std::vector<bool> in_comp(g_.nodes.size() + 1, false);
        for (uint32_t v : nodes) in_comp[v] = true;
        uint32_t repeatable = kNone;
        for (uint32_t v : nodes) {
          const ir::Action& a = action(v);
          if (a.repeatable && !a.handler && g_.nodes[v].occurrence < 0) {
            repeatable = v;
            break;
          }
        }
        if (repeatable == kNone || !split(repeatable, in_comp, nodes)) {
          if (repeatable == kNone) deadlock(nodes, in_comp);
          for (uint32_t v : nodes) dead[v] = true;
        }
        dead.resize(g_.nodes.size(), false);
      }
    }
    return std::move(result_);
  }

 private:
  const ir::Action& action(uint32_t node) const {
    const ActionNode& n = g_.nodes[node];
    return m_.services[inst_.services[n.instance].service].actions[n.action];
  }
  std::string label(uint32_t node) const { return node_label(m_, inst_, g_, node); }
  /// `haproxy.run`: the action's declaration, whatever the member.
  std::string decl_label(uint32_t node) const {
    const ActionNode& n = g_.nodes[node];
    return m_.services[inst_.services[n.instance].service].name + "." + action(node).name;
  }

  /// The shortest cycle through the component's first node, as edge indices (BFS inside it).
  std::vector<size_t> shortest_cycle(const std::vector<uint32_t>& nodes, const std::vector<bool>& in_comp) {
    std::map<uint32_t, std::vector<size_t>> out;
    for (size_t k = 0; k < g_.edges.size(); ++k) {
      const GraphEdge& e = g_.edges[k];
      if (e.from < in_comp.size() && e.to < in_comp.size() && in_comp[e.from] && in_comp[e.to])
        out[e.from].push_back(k);
    }
    uint32_t start = nodes[0];
    std::map<uint32_t, size_t> via;  // node -> edge that reached it
    std::deque<uint32_t> queue{start};
    std::set<uint32_t> seen{start};
    while (!queue.empty()) {
      uint32_t u = queue.front();
      queue.pop_front();
      for (size_t k : out[u]) {
        uint32_t v = g_.edges[k].to;
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

  void deadlock(const std::vector<uint32_t>& nodes, const std::vector<bool>& in_comp) {
    std::vector<size_t> cycle = shortest_cycle(nodes, in_comp);
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
    Diagnostic& d = diags_.report(DiagKind::Deadlock, action(first.from).name_range, "deadlock: " + path);
    std::vector<std::string> candidates;
    for (size_t k : cycle) {
      const GraphEdge& e = g_.edges[k];
      d.notes.push_back({e.range, label(e.to) + " waits for " + label(e.from) + " (" +
                                      plan::edge_kind_name(e.kind) + ")"});
      if (!action(e.from).handler) candidates.push_back(decl_label(e.from));
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::string list;
    for (size_t k = 0; k < candidates.size(); ++k)
      list += (k ? (k + 1 == candidates.size() ? " or " : ", ") : "") + candidates[k];
    d.help = candidates.empty() ? "remove one of these dependencies"
                                : "if running it twice is safe, mark " + list +
                                      " `repeatable` to split the cycle; otherwise remove one of these dependencies";
  }

  /// Whether `r` uses, in its commands, a capture of instance `of`.
  bool uses_capture_of(uint32_t r, uint32_t of, std::string* output) const {
    for (const plan::Command& c : g_.commands[r])
      for (const plan::CommandPiece& p : c.pieces)
        for (const plan::Segment& s : p.value)
          if (s.kind == plan::Segment::Kind::Capture && inst_.captures[s.capture].instance == of) {
            const CaptureRef& ref = inst_.captures[s.capture];
            *output = m_.services[inst_.services[ref.instance].service].outputs[ref.output].name;
            return true;
          }
    return false;
  }

  bool split(uint32_t r, const std::vector<bool>& in_comp, const std::vector<uint32_t>& nodes) {
    // #0 stops waiting for the component: what it took from there must be static.
    for (const GraphEdge& e : g_.edges) {
      if (e.to != r || e.from == r || !in_comp[e.from]) continue;
      std::string output;
      uint32_t producer = g_.nodes[e.from].instance;
      if (e.kind == plan::EdgeKind::Data && uses_capture_of(r, producer, &output)) {
        const ServiceInstance& p = inst_.services[producer];
        Diagnostic& d = diags_.report(
            DiagKind::SplitImpossible, action(r).name_range,
            "cannot split the cycle at " + decl_label(r) + ": its first run would need " + p.name + "." +
                output + ", which is known only at run time, before " + p.name + " is deployed");
        d.notes.push_back({e.range, label(r) + " uses " + p.name + "." + output + " here"});
        d.help = "make " + p.name + "." + output + " a static output, or break the cycle elsewhere";
        return false;
      }
    }
    uint32_t r1 = static_cast<uint32_t>(g_.nodes.size());
    ActionNode copy = g_.nodes[r];
    copy.occurrence = 1;
    g_.nodes[r].occurrence = 0;
    g_.nodes.push_back(copy);
    g_.commands.push_back(g_.commands[r]);
    g_.triggers.push_back(g_.triggers[r]);
    result_.second_run.push_back(kNone);
    result_.second_run[r] = r1;
    for (GraphEdge& e : g_.edges) {
      if (e.to == r && e.from != r && in_comp[e.from]) e.to = r1;
      else if (e.from == r && e.to != r && !in_comp[e.to]) e.from = r1;
    }
    for (auto& list : g_.triggers)
      for (NodeTrigger& t : list)
        if (t.emitter == r) t.emitter = r1;
    g_.edges.push_back({r, r1, plan::EdgeKind::Sequence, action(r).name_range});
    plan::Split split;
    split.action = label(r).substr(0, label(r).size() - 2);
    for (uint32_t v : nodes) split.cycle.push_back(label(v));
    if (reported_.insert("split:" + decl_label(r)).second) {
      std::string others;
      for (uint32_t v : nodes)
        if (v != r) others += (others.empty() ? "" : ", ") + label(v);
      diags_.report(DiagKind::CycleSplit, action(r).name_range,
                    decl_label(r) + " runs twice to split a cycle: " + split.action + "#0 before " + others +
                        ", " + split.action + "#1 after");
    }
    result_.splits.push_back(std::move(split));
    return true;
  }

  const ir::Module& m_;
  const Instances& inst_;
  ActionGraph& g_;
  DiagnosticEngine& diags_;
  CycleResult result_;
  std::set<std::string> reported_;
};

}  // namespace

CycleResult split_cycles(const ir::Module& module, const Instances& instances, ActionGraph& g,
                         DiagnosticEngine& diags) {
  return CycleSplitter(module, instances, g, diags).run();
}

}  // namespace baton
