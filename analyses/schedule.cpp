// The schedule: topological levels (steps of one level may run concurrently), ordered by
// level then declaration order, turned into the plan with hosts, captures and secrets.
#include "analyses/schedule.h"

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <set>
#include <tuple>
#include <utility>

#include "analyses/failure_handlers.h"
#include "analyses/graph_adapter.h"
#include "analyses/reserved_host_attrs.h"

namespace baton {

namespace {

plan::Host plan_host(const ir::Module& m, Evaluator& eval, HostInstanceId index,
                     const HostInstance& hi) {
  plan::Host h;
  h.name = hi.name;
  h.group = m.host(hi.host).name;
  h.member = static_cast<int>(hi.member);
  h.address = eval.host_attr(index, "address").plain_text();
  for (const ir::Attr& a : m.host(hi.host).attrs) {
    if (a.name == "address") continue;
    Value v = eval.host_attr(index, a.name);
    if (a.name == "user") {
      h.user = v.plain_text();
    } else if (a.name == "port") {
      // An int, or its digits (what --param gives an untyped param); anything else was E0315.
      if (std::optional<int> port = port_number(v)) h.port = *port;
    } else {
      h.attrs.emplace_back(a.name, v.kind == Value::Kind::List ? std::string() : v.plain_text());
    }
  }
  return h;
}

plan::Event plan_event(ir::EventKind k) {
  switch (k) {
    case ir::EventKind::Changed: return plan::Event::Changed;
    case ir::EventKind::Ok: return plan::Event::Ok;
    case ir::EventKind::Failed: return plan::Event::Failed;
  }
  return plan::Event::Changed;
}

void collect_secrets(const plan::Command& c, std::set<std::string>& out) {
  for (const plan::CommandPiece& p : c.pieces) {
    for (const plan::Segment& s : p.value)
      if (s.kind == plan::Segment::Kind::Secret) out.insert(s.text);
  }
}

/// Sorts `items` by `key` and keeps one item of each key.
template <typename T, typename Key>
void sort_unique(std::vector<T>& items, Key key) {
  std::sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
  items.erase(std::unique(items.begin(), items.end(),
                          [&](const T& a, const T& b) { return key(a) == key(b); }),
              items.end());
}

/// The nodes in declaration order: instance, then action, then occurrence (a split action's #1,
/// a node added at the end of the graph, right after its #0).
std::vector<uint32_t> declaration_order(const ActionGraph& g, const CycleResult& cycles) {
  size_t n = g.nodes.size();
  auto key = [&](uint32_t v) {
    const ActionNode& a = g.nodes[v];
    return std::make_tuple(a.instance, a.action, a.occurrence);
  };
  std::vector<uint32_t> order;
  order.reserve(n);
  size_t actions = 0;  // the nodes that are no barriers
  for (uint32_t v = 0; v < n; ++v) actions += g.is_barrier(v) ? 0 : 1;
  if (cycles.second_run.size() == n) {
    for (uint32_t v = 0; v < n; ++v) {
      if (g.nodes[v].occurrence == 1 || g.is_barrier(v)) continue;
      order.push_back(v);
      if (cycles.second_run[v] != kNone) order.push_back(cycles.second_run[v]);
    }
  }
  // The graph builder creates nodes in that order; should it ever not, sort.
  bool sorted = order.size() == actions;
  for (size_t k = 1; sorted && k < actions; ++k) sorted = key(order[k - 1]) < key(order[k]);
  if (!sorted) {
    order.clear();
    for (uint32_t v = 0; v < n; ++v)
      if (!g.is_barrier(v)) order.push_back(v);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  }
  return order;
}

/// Each split's cycle as the labels of steps: the split action's #0, then the other steps of
/// its cycle (both runs of one split later) that run between its two runs, reached from #0 and
/// reaching #1 along the plan's edges. A later split inside the same cycle may take some of them
/// out from between (its own #0 need not wait for this #0): those are not listed, so that the
/// record implies no order the plan lacks. Each walk stays within the cycle's nodes.
void split_records(const ir::Module& m, const Instances& inst, const ActionGraph& g,
                   const CycleResult& cycles, const std::vector<uint32_t>& step_of,
                   const std::vector<uint32_t>& in_begin, const std::vector<uint32_t>& in_edges,
                   std::vector<plan::Split>& splits) {
  if (splits.empty()) return;
  size_t n = g.nodes.size();
  std::vector<uint32_t> out_begin(n + 1, 0), out_edges(g.edges.size());
  for (const GraphEdge& e : g.edges) ++out_begin[e.from + 1];
  for (size_t v = 0; v < n; ++v) out_begin[v + 1] += out_begin[v];
  {
    std::vector<uint32_t> fill(out_begin.begin(), out_begin.end() - 1);
    for (uint32_t k = 0; k < g.edges.size(); ++k) out_edges[fill[g.edges[k].from]++] = k;
  }
  auto second = [&](uint32_t v) {
    return v < cycles.second_run.size() ? cycles.second_run[v] : kNone;
  };
  // By node: the last split whose cycle holds it, and which of its walks reached it.
  std::vector<uint32_t> member(n, kNone), reached(n, kNone), reaching(n, kNone);
  std::vector<uint32_t> work;
  for (uint32_t k = 0; k < splits.size() && k < cycles.split_nodes.size(); ++k) {
    const std::vector<uint32_t>& nodes = cycles.split_nodes[k];
    if (nodes.empty()) continue;
    uint32_t first = nodes[0], last = second(first);
    for (uint32_t v : nodes) {
      member[v] = k;
      if (second(v) != kNone) member[second(v)] = k;
    }
    auto walk = [&](uint32_t from, std::vector<uint32_t>& seen, bool forward) {
      seen[from] = k;
      work.assign(1, from);
      while (!work.empty()) {
        uint32_t v = work.back();
        work.pop_back();
        uint32_t lo = forward ? out_begin[v] : in_begin[v];
        uint32_t hi = forward ? out_begin[v + 1] : in_begin[v + 1];
        for (uint32_t i = lo; i < hi; ++i) {
          const GraphEdge& e = g.edges[forward ? out_edges[i] : in_edges[i]];
          uint32_t w = forward ? e.to : e.from;
          if (member[w] != k || seen[w] == k) continue;
          seen[w] = k;
          work.push_back(w);
        }
      }
    };
    if (last != kNone) {
      walk(first, reached, true);
      walk(last, reaching, false);
    }
    std::vector<std::string>& labels = splits[k].cycle;
    labels.clear();
    if (step_of[first] != kNone) labels.push_back(node_label(m, inst, g, first));
    auto add = [&](uint32_t v) {
      if (v != kNone && step_of[v] != kNone && reached[v] == k && reaching[v] == k)
        labels.push_back(node_label(m, inst, g, v));
    };
    for (uint32_t v : nodes) {
      if (v == first) continue;
      add(v);
      add(second(v));
    }
  }
}

}  // namespace

plan::Plan schedule_plan(const ir::Module& m, Evaluator& eval, const Instances& inst,
                         ActionGraph& g, CycleResult& cycles, DiagnosticEngine& diags) {
  plan::Plan p;
  p.hosts.reserve(inst.hosts.size());
  for (uint32_t k = 0; k < inst.hosts.size(); ++k)
    p.hosts.push_back(plan_host(m, eval, HostInstanceId{k}, inst.hosts[k]));

  size_t n = g.nodes.size();
  // Deploy actions are steps; a handler is one when an event of a step can trigger it (one that
  // no event reaches on this member, or only events of handlers that never run, never runs).
  std::vector<bool> kept(n, false);
  {
    std::vector<uint32_t> trig_begin(n + 1, 0), trig_handler;
    for (uint32_t h = 0; h < n; ++h)
      for (const NodeTrigger& t : g.triggers[h]) ++trig_begin[t.emitter + 1];
    for (size_t v = 0; v < n; ++v) trig_begin[v + 1] += trig_begin[v];
    trig_handler.resize(trig_begin[n]);
    std::vector<uint32_t> fill(trig_begin.begin(), trig_begin.end() - 1);
    for (uint32_t h = 0; h < n; ++h)
      for (const NodeTrigger& t : g.triggers[h]) trig_handler[fill[t.emitter]++] = h;
    std::vector<uint32_t> work;
    for (uint32_t v = 0; v < n; ++v) {
      const ActionNode& node = g.nodes[v];
      if (g.is_barrier(v)) continue;
      if (!m.service(inst.service(node.instance).service).actions[node.action].handler) {
        kept[v] = true;
        work.push_back(v);
      }
    }
    while (!work.empty()) {
      uint32_t v = work.back();
      work.pop_back();
      for (uint32_t k = trig_begin[v]; k < trig_begin[v + 1]; ++k) {
        if (kept[trig_handler[k]]) continue;
        kept[trig_handler[k]] = true;
        work.push_back(trig_handler[k]);
      }
    }
  }
  check_failure_handlers(m, inst, g, cycles, kept, diags);
  // Incoming edges per node, in edge order, for waits_for.
  std::vector<uint32_t> in_begin(n + 1, 0), in_edges(g.edges.size());
  for (const GraphEdge& e : g.edges) ++in_begin[e.to + 1];
  for (size_t v = 0; v < n; ++v) in_begin[v + 1] += in_begin[v];
  {
    std::vector<uint32_t> fill(in_begin.begin(), in_begin.end() - 1);
    for (uint32_t k = 0; k < g.edges.size(); ++k) in_edges[fill[g.edges[k].to]++] = k;
  }
  std::vector<uint32_t> level(n, 0);
  bool deadlocked = !cycles.deadlocks.empty();
  if (!deadlocked) {
    // Each level from those of the steps it waits for, in topological order: a handler that
    // never runs is not waited for. A barrier passes on the level its sources give.
    CsrGraph csr = to_csr(g);
    std::vector<uint32_t> order;
    if (topological_order(csr, order)) {
      for (uint32_t u : order) {
        bool barrier = g.is_barrier(u);
        if (!kept[u] && !barrier) continue;
        uint32_t next = barrier ? level[u] : level[u] + 1;
        for (auto e : boost::make_iterator_range(boost::out_edges(u, csr))) {
          uint32_t v = static_cast<uint32_t>(boost::target(e, csr));
          level[v] = std::max(level[v], next);
        }
      }
    }
  }
  // Steps by level, then in declaration order: a counting sort of the declaration order.
  std::vector<uint32_t> steps;
  {
    std::vector<uint32_t> by_declaration = declaration_order(g, cycles);
    uint32_t max_level = 0;
    size_t kept_count = 0;
    for (uint32_t v = 0; v < n; ++v) {
      if (kept[v]) {
        max_level = std::max(max_level, level[v]);
        ++kept_count;
      }
    }
    std::vector<uint32_t> start(static_cast<size_t>(max_level) + 2, 0);
    for (uint32_t v = 0; v < n; ++v)
      if (kept[v]) ++start[level[v] + 1];
    for (size_t l = 1; l < start.size(); ++l) start[l] += start[l - 1];
    steps.resize(kept_count);
    for (uint32_t v : by_declaration)
      if (kept[v]) steps[start[level[v]]++] = v;
  }
  std::vector<uint32_t> step_of(n, kNone);
  for (uint32_t k = 0; k < steps.size(); ++k) step_of[steps[k]] = k;

  // By barrier node: its wait group (kNone: not made yet, kSmall: too few steps for one).
  constexpr uint32_t kSmall = kNone - 1;
  // A wait group pays for itself when at least two steps wait for it.
  std::vector<uint32_t> group_of(g.barriers.empty() ? 0 : n, kNone), readers;
  if (!g.barriers.empty()) {
    readers.assign(n, 0);
    for (const GraphEdge& e : g.edges) ++readers[e.from];
  }
  auto wait_group = [&](const GraphEdge& out) {
    uint32_t b = out.from;
    if (group_of[b] != kNone) return group_of[b] == kSmall ? kNone : group_of[b];
    if (readers[b] < 2) {
      group_of[b] = kSmall;
      return kNone;
    }
    plan::WaitGroup group;
    for (uint32_t j = in_begin[b]; j < in_begin[b + 1]; ++j) {
      uint32_t from = g.edges[in_edges[j]].from;
      if (step_of[from] != kNone) group.waits.push_back({step_of[from], out.kind, g.range(out)});
    }
    sort_unique(group.waits, [](const plan::Dependency& d) { return d.step; });
    if (group.waits.size() < plan::kMinWaitGroup) {
      group_of[b] = kSmall;
      return kNone;
    }
    group_of[b] = static_cast<uint32_t>(p.wait_groups.size());
    p.wait_groups.push_back(std::move(group));
    return group_of[b];
  };
  std::set<std::string> secrets;
  for (const auto& [node, secret] : g.node_secrets)
    if (kept[node]) secrets.insert(secret);
  p.steps.reserve(steps.size());
  for (uint32_t k = 0; k < steps.size(); ++k) {
    uint32_t v = steps[k];
    const ActionNode& node = g.nodes[v];
    const ServiceInstance& si = inst.service(node.instance);
    const ir::Service& svc = m.service(si.service);
    const ir::Action& a = svc.actions[node.action];
    plan::Step& s = p.steps.emplace_back();
    s.service = svc.name;
    s.member = static_cast<int>(si.member);
    s.instance = si.name;
    s.action = a.name;
    s.occurrence = node.occurrence;
    s.handler = a.handler;
    s.host = si.host_instance.value;
    s.level = level[v];
    s.range = a.name_range;
    s.waits_for.reserve(in_begin[v + 1] - in_begin[v]);
    for (uint32_t i = in_begin[v]; i < in_begin[v + 1]; ++i) {
      const GraphEdge& e = g.edges[in_edges[i]];
      if (g.is_barrier(e.from)) {
        // Through a barrier: each of its sources, as a direct edge would have said; once in a
        // wait group when they are many (and the step is not one of them).
        uint32_t group = wait_group(e);
        if (group != kNone) {
          const std::vector<plan::Dependency>& waits = p.wait_groups[group].waits;
          auto self = std::lower_bound(
              waits.begin(), waits.end(), k,
              [](const plan::Dependency& d, uint32_t step) { return d.step < step; });
          if (self == waits.end() || self->step != k) {
            s.wait_groups.push_back(group);
            continue;
          }
        }
        for (uint32_t j = in_begin[e.from]; j < in_begin[e.from + 1]; ++j) {
          uint32_t from = g.edges[in_edges[j]].from;
          if (step_of[from] == kNone || from == v) continue;
          s.waits_for.push_back({step_of[from], e.kind, g.range(e)});
        }
        continue;
      }
      if (step_of[e.from] == kNone || e.from == v) continue;
      s.waits_for.push_back({step_of[e.from], e.kind, g.range(e)});
    }
    sort_unique(s.waits_for,
                [](const plan::Dependency& d) { return std::make_pair(d.step, d.kind); });
    sort_unique(s.wait_groups, [](uint32_t group) { return group; });
    if (!g.triggers[v].empty()) {
      for (const NodeTrigger& t : g.triggers[v]) {
        if (step_of[t.emitter] != kNone)
          s.triggers.push_back({step_of[t.emitter], plan_event(t.event), t.range});
      }
      sort_unique(s.triggers,
                  [](const plan::Trigger& t) { return std::make_pair(t.step, t.event); });
    }
    if (g.keep_commands) {
      s.commands = std::move(g.commands[v]);
      s.env = std::move(g.envs[v]);
    }
    p.levels = std::max(p.levels, s.level + 1);
  }

  // Captures run after the instance's last deploy action (its second run, when split), or after
  // a later second run (see capture_steps.h).
  for (uint32_t c = 0; c < inst.captures.size(); ++c) {
    const CaptureRef& ref = inst.captures[c];
    uint32_t last = g.last_deploy[ref.instance.value];
    if (!cycles.capture_step.empty()) {
      last = cycles.capture_step[ref.instance.value];
    } else if (last != kNone && cycles.second_run[last] != kNone) {
      last = cycles.second_run[last];
    }
    plan::Capture cap;
    const ServiceInstance& si = inst.service(ref.instance);
    cap.instance = si.name;
    const ir::Service& svc = m.service(si.service);
    cap.output = svc.outputs[ref.output].name;
    cap.command =
        c < g.capture_commands.size() ? std::move(g.capture_commands[c]) : plan::Command{};
    collect_secrets(cap.command, secrets);
    if (last == kNone || step_of[last] == kNone) {
      // Reported by the action graph (E0313); only a diagram of a rejected spec gets here.
      cap.step = 0;
    } else {
      cap.step = step_of[last];
      p.steps[cap.step].captures.push_back(c);
    }
    p.captures.push_back(std::move(cap));
  }
  p.secrets.assign(secrets.begin(), secrets.end());
  p.splits = std::move(cycles.splits);
  split_records(m, inst, g, cycles, step_of, in_begin, in_edges, p.splits);
  if (deadlocked) {
    p.levels = 0;
    for (const auto& cycle : cycles.deadlocks) {
      std::vector<std::pair<uint32_t, uint32_t>> pairs;
      for (const auto& [from, to] : cycle) {
        if (step_of[from] != kNone && step_of[to] != kNone)
          pairs.emplace_back(step_of[from], step_of[to]);
      }
      p.deadlocks.push_back(std::move(pairs));
    }
  }
  return p;
}

}  // namespace baton
