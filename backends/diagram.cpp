// The view shared by the diagram backends: edges from dependencies, triggers and deadlocks,
// the --focus neighbourhood, and hosts grouped into clusters.
#include "backends/diagram.h"

#include <fmt/core.h>

#include <algorithm>
#include <deque>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "compiler/base/closest_name.h"

namespace baton::diagram {
namespace {

/// The events on which `step` (a handler) is triggered by `emitter`, in trigger order.
std::string events_from(const plan::Step& step, uint32_t emitter) {
  std::vector<std::string> names;
  for (const plan::Trigger& t : step.triggers) {
    if (t.step != emitter) continue;
    std::string name = plan::event_name(t.event);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

/// Every edge of the plan, grouped by the step that waits, then by (from, kind).
std::vector<Edge> all_edges(const plan::Plan& plan) {
  const uint32_t n = static_cast<uint32_t>(plan.steps.size());
  std::vector<Edge> edges;
  for (uint32_t to = 0; to < n; ++to) {
    const plan::Step& step = plan.steps[to];
    size_t first = edges.size();
    for (const plan::Dependency& d : plan::all_waits(plan, step)) {
      if (d.step >= n) continue;
      Edge e;
      e.from = d.step;
      e.to = to;
      e.kind = d.kind;
      if (d.kind == plan::EdgeKind::Event) e.events = events_from(step, d.step);
      edges.push_back(std::move(e));
    }
    // A trigger implies "never before the emitter"; draw it even if the scheduler recorded
    // the wait under another kind (or not at all), so that every event is visible.
    for (const plan::Trigger& t : step.triggers) {
      if (t.step >= n) continue;
      bool drawn = std::any_of(edges.begin() + first, edges.end(), [&](const Edge& e) {
        return e.from == t.step && e.kind == plan::EdgeKind::Event;
      });
      if (drawn) continue;
      Edge e;
      e.from = t.step;
      e.to = to;
      e.kind = plan::EdgeKind::Event;
      e.events = events_from(step, t.step);
      edges.push_back(std::move(e));
    }
    std::stable_sort(edges.begin() + first, edges.end(), [](const Edge& a, const Edge& b) {
      return std::make_pair(a.from, a.kind) < std::make_pair(b.from, b.kind);
    });
  }
  if (plan.deadlocks.empty()) return edges;

  // A deadlock pair (a, b) means a must run before b. It marks the dependency edges between
  // the two; should the plan record none in that direction, the reverse one (for a two-step
  // cycle both are in it anyway), and failing both a plain red arrow.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<size_t>> by_ends;
  for (size_t i = 0; i < edges.size(); ++i) by_ends[{edges[i].from, edges[i].to}].push_back(i);
  std::set<std::pair<uint32_t, uint32_t>> added;
  for (const auto& cycle : plan.deadlocks) {
    for (const auto& [a, b] : cycle) {
      if (a >= n || b >= n) continue;
      auto it = by_ends.find({a, b});
      if (it == by_ends.end()) it = by_ends.find({b, a});
      if (it != by_ends.end()) {
        for (size_t i : it->second) edges[i].deadlock = true;
        continue;
      }
      if (!added.insert({a, b}).second) continue;
      Edge e;
      e.from = a;
      e.to = b;
      e.deadlock = true;
      e.cycle_only = true;
      edges.push_back(std::move(e));
    }
  }
  return edges;
}

/// Steps within `depth` edges (either direction) of a step of `focus`.
bool focus_steps(const plan::Plan& plan, const std::vector<Edge>& edges, const std::string& focus,
                 int depth, std::vector<bool>& shown, std::string* err) {
  const size_t n = plan.steps.size();
  std::vector<int> distance(n, -1);
  std::deque<uint32_t> queue;
  for (uint32_t i = 0; i < n; ++i) {
    const plan::Step& s = plan.steps[i];
    if (s.service == focus || s.instance == focus) {
      distance[i] = 0;
      queue.push_back(i);
    }
  }
  if (queue.empty()) {
    std::vector<std::string> names;
    for (const plan::Step& s : plan.steps) {
      for (const std::string* name : {&s.service, &s.instance})
        if (std::find(names.begin(), names.end(), *name) == names.end()) names.push_back(*name);
    }
    std::string near = closest_name(focus, names);
    *err = "--focus: no service or instance '" + focus + "' in the plan" +
           (near.empty() ? "" : "; did you mean '" + near + "'?");
    return false;
  }
  std::vector<std::vector<uint32_t>> neighbours(n);
  for (const Edge& e : edges) {
    neighbours[e.from].push_back(e.to);
    neighbours[e.to].push_back(e.from);
  }
  while (!queue.empty()) {
    uint32_t s = queue.front();
    queue.pop_front();
    if (distance[s] >= depth) continue;
    for (uint32_t t : neighbours[s]) {
      if (distance[t] >= 0) continue;
      distance[t] = distance[s] + 1;
      queue.push_back(t);
    }
  }
  for (size_t i = 0; i < n; ++i) shown[i] = distance[i] >= 0;
  return true;
}

}  // namespace

bool build_view(const plan::Plan& plan, const BackendOptions& options, View& view,
                std::string* err) {
  const size_t n = plan.steps.size();
  std::vector<Edge> edges = all_edges(plan);
  view = View{};
  view.shown.assign(n, true);
  view.in_deadlock.assign(n, false);
  view.deadlocked = !plan.deadlocks.empty();
  if (!options.focus.empty()) {
    if (options.focus_depth < 0) {
      *err = "--depth must be zero or more";
      return false;
    }
    if (!focus_steps(plan, edges, options.focus, options.focus_depth, view.shown, err))
      return false;
  }
  // A step on no known host has no cluster to be drawn in (the plan never makes one).
  for (uint32_t i = 0; i < n; ++i)
    if (plan.steps[i].host >= plan.hosts.size()) view.shown[i] = false;
  for (Edge& e : edges) {
    if (!view.shown[e.from] || !view.shown[e.to]) continue;
    if (e.deadlock) view.in_deadlock[e.from] = view.in_deadlock[e.to] = true;
    view.edges.push_back(std::move(e));
  }

  std::vector<std::vector<uint32_t>> by_host(plan.hosts.size());
  for (uint32_t i = 0; i < n; ++i)
    if (view.shown[i]) by_host[plan.steps[i].host].push_back(i);
  std::map<std::string, size_t> group_cluster;
  for (uint32_t h = 0; h < plan.hosts.size(); ++h) {
    if (by_host[h].empty()) continue;
    const plan::Host& host = plan.hosts[h];
    bool member = host.member >= 0;
    size_t c;
    auto it = member ? group_cluster.find(host.group) : group_cluster.end();
    if (it != group_cluster.end()) {
      c = it->second;
    } else {
      c = view.clusters.size();
      Cluster cluster;
      cluster.group = member ? host.group : host.name;
      cluster.is_group = member;
      view.clusters.push_back(std::move(cluster));
      if (member) group_cluster[host.group] = c;
    }
    view.clusters[c].hosts.emplace_back(h, std::move(by_host[h]));
  }
  std::vector<bool> waited(n, false);
  for (const plan::Step& s : plan.steps)
    for (const plan::Dependency& d : s.waits_for) waited[d.step] = true;
  for (size_t b = 0; b < plan.batches.size(); ++b) {
    const plan::Batch& batch = plan.batches[b];
    BatchMark mark;
    mark.title = fmt::format("batch {}/{}: {} on {}", b + 1, plan.batches.size(), batch.service,
                             batch.group);
    for (uint32_t i = batch.first; i < batch.end && i < n; ++i) {
      if (!view.shown[i]) continue;
      if (plan.steps[i].waits_for.empty()) mark.entries.push_back(i);
      if (!waited[i]) mark.exits.push_back(i);
    }
    view.batches.push_back(std::move(mark));
  }
  return true;
}

std::string host_title(const plan::Host& host, std::string_view before, std::string_view after) {
  std::string detail = host.address.empty() ? host.name : host.address;
  if (!host.user.empty()) detail = fmt::format("{}@{}", host.user, detail);
  if (host.port != 0) fmt::format_to(std::back_inserter(detail), ":{}", host.port);
  if (detail == host.name) return host.name;
  return fmt::format("{}{}{}{}", host.name, before, detail, after);
}

std::string group_title(const std::string& group) {
  return group + "[*]";
}

}  // namespace baton::diagram
