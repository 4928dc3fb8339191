// The schedule: topological levels (steps of one level may run concurrently), ordered by
// level then declaration order, turned into the plan with hosts, captures and secrets.
#include "analyses/schedule.h"

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <set>
#include <tuple>

#include "analyses/graph_adapter.h"

namespace baton {

namespace {

plan::Host plan_host(const ir::Module& m, Evaluator& eval, uint32_t index, const HostInstance& hi) {
  plan::Host h;
  h.name = hi.name;
  h.group = m.hosts[hi.host].name;
  h.member = static_cast<int>(hi.member);
  h.address = eval.host_attr(index, "address").plain_text();
  for (const ir::Attr& a : m.hosts[hi.host].attrs) {
    if (a.name == "address") continue;
    Value v = eval.host_attr(index, a.name);
    if (a.name == "user") h.user = v.plain_text();
    else if (a.name == "port" && v.kind == Value::Kind::Int) h.port = static_cast<int>(v.i);
    else h.attrs.emplace_back(a.name, v.kind == Value::Kind::List ? std::string() : v.plain_text());
  }
  return h;
}

void collect_secrets(const plan::Command& c, std::set<std::string>& out) {
  for (const plan::CommandPiece& p : c.pieces)
    for (const plan::Segment& s : p.value)
      if (s.kind == plan::Segment::Kind::Secret) out.insert(s.text);
}

}  // namespace

plan::Plan schedule_plan(const ir::Module& m, Evaluator& eval, const Instances& inst, ActionGraph& g,
                         CycleResult& cycles, DiagnosticEngine& /*diags*/) {
  plan::Plan p;
  for (uint32_t k = 0; k < inst.hosts.size(); ++k) p.hosts.push_back(plan_host(m, eval, k, inst.hosts[k]));

  size_t n = g.nodes.size();
  // Handlers that no event reaches on this member never run: they are not steps.
  std::vector<bool> kept(n, true);
  for (uint32_t v = 0; v < n; ++v) {
    const ActionNode& node = g.nodes[v];
    const ir::Action& a = m.services[inst.services[node.instance].service].actions[node.action];
    if (a.handler && g.triggers[v].empty()) kept[v] = false;
  }
  std::vector<uint32_t> level(n, 0);
  bool deadlocked = !cycles.deadlocks.empty();
  if (!deadlocked) {
    CsrGraph csr = to_csr(g);
    std::vector<uint32_t> order;
    if (topological_order(csr, order)) {
      for (uint32_t u : order)
        for (auto e : boost::make_iterator_range(boost::out_edges(u, csr))) {
          uint32_t v = static_cast<uint32_t>(boost::target(e, csr));
          // A step that never runs still passes its position on, but takes none itself.
          uint32_t next = level[u] + (kept[u] ? 1 : 0);
          level[v] = std::max(level[v], next);
        }
    }
  }
  std::vector<uint32_t> steps;
  for (uint32_t v = 0; v < n; ++v)
    if (kept[v]) steps.push_back(v);
  auto key = [&](uint32_t v) {
    const ActionNode& a = g.nodes[v];
    return std::make_tuple(level[v], a.instance, a.action, a.occurrence);
  };
  std::sort(steps.begin(), steps.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  std::vector<uint32_t> step_of(n, kNone);
  for (uint32_t k = 0; k < steps.size(); ++k) step_of[steps[k]] = k;

  // Incoming edges per node, for waits_for.
  std::vector<std::vector<uint32_t>> incoming(n);
  for (uint32_t k = 0; k < g.edges.size(); ++k) incoming[g.edges[k].to].push_back(k);

  std::set<std::string> secrets;
  p.steps.reserve(steps.size());
  for (uint32_t v : steps) {
    const ActionNode& node = g.nodes[v];
    const ServiceInstance& si = inst.services[node.instance];
    const ir::Action& a = m.services[si.service].actions[node.action];
    plan::Step s;
    s.service = m.services[si.service].name;
    s.member = static_cast<int>(si.member);
    s.instance = si.name;
    s.action = a.name;
    s.occurrence = node.occurrence;
    s.handler = a.handler;
    s.host = si.host_instance;
    s.level = level[v];
    s.range = a.name_range;
    for (uint32_t k : incoming[v]) {
      const GraphEdge& e = g.edges[k];
      if (step_of[e.from] == kNone || e.from == v) continue;
      s.waits_for.push_back({step_of[e.from], e.kind, e.range});
    }
    std::sort(s.waits_for.begin(), s.waits_for.end(), [](const plan::Dependency& x, const plan::Dependency& y) {
      return std::tie(x.step, x.kind) < std::tie(y.step, y.kind);
    });
    s.waits_for.erase(std::unique(s.waits_for.begin(), s.waits_for.end(),
                                  [](const plan::Dependency& x, const plan::Dependency& y) {
                                    return x.step == y.step && x.kind == y.kind;
                                  }),
                      s.waits_for.end());
    for (const NodeTrigger& t : g.triggers[v])
      if (step_of[t.emitter] != kNone) s.triggers.push_back({step_of[t.emitter], t.event, t.range});
    std::sort(s.triggers.begin(), s.triggers.end(), [](const plan::Trigger& x, const plan::Trigger& y) {
      return std::tie(x.step, x.event) < std::tie(y.step, y.event);
    });
    s.triggers.erase(std::unique(s.triggers.begin(), s.triggers.end(),
                                 [](const plan::Trigger& x, const plan::Trigger& y) {
                                   return x.step == y.step && x.event == y.event;
                                 }),
                     s.triggers.end());
    s.commands = std::move(g.commands[v]);
    for (const plan::Command& c : s.commands) collect_secrets(c, secrets);
    p.levels = std::max(p.levels, s.level + 1);
    p.steps.push_back(std::move(s));
  }

  // Captures run after the instance's last deploy action (its second run, when split).
  for (uint32_t c = 0; c < inst.captures.size(); ++c) {
    const CaptureRef& ref = inst.captures[c];
    uint32_t last = g.last_deploy[ref.instance];
    if (last != kNone && cycles.second_run[last] != kNone) last = cycles.second_run[last];
    plan::Capture cap;
    cap.instance = inst.services[ref.instance].name;
    const ir::Service& svc = m.services[inst.services[ref.instance].service];
    cap.output = svc.outputs[ref.output].name;
    cap.command = c < g.capture_commands.size() ? std::move(g.capture_commands[c]) : plan::Command{};
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
  if (deadlocked) {
    p.levels = 0;
    for (const auto& cycle : cycles.deadlocks) {
      std::vector<std::pair<uint32_t, uint32_t>> pairs;
      for (const auto& [from, to] : cycle)
        if (step_of[from] != kNone && step_of[to] != kNone) pairs.emplace_back(step_of[from], step_of[to]);
      p.deadlocks.push_back(std::move(pairs));
    }
  }
  return p;
}

}  // namespace baton
