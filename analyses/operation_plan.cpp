// The plan of an operation: a teardown (the deploy's order reversed, step for step) or a rolling
// operation (batches per group, services in the deploy's order, a health check between
// batches). See docs/semantics.md, "Operations".
#include "analyses/operation_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "compiler/base/closest_name.h"

namespace baton {

namespace {

constexpr uint32_t kNoStep = UINT32_MAX;

bool declares(const ir::Service& s, const std::string& op) {
  return std::any_of(s.actions.begin(), s.actions.end(),
                     [&](const ir::Action& a) { return !a.handler && a.operation == op; });
}

/// Reports, once per expression, a read of a captured output from an action of an operation:
/// such a value belongs to the deploy, and is not captured again when the operation runs.
void report_captured_reads(const ir::Module& m, DiagnosticEngine& diags) {
  std::unordered_map<std::string, uint32_t> service_index;
  for (uint32_t s = 0; s < m.services.size(); ++s) service_index.emplace(m.services[s].name, s);
  auto captured = [&](const ir::Expr& e) -> const ir::Output* {
    if (e.kind != ir::ExprKind::Member || !e.lhs.valid()) return nullptr;
    ir::ExprId base = e.lhs;
    while (base.valid() &&
           (m.expr(base).kind == ir::ExprKind::Index || m.expr(base).kind == ir::ExprKind::Splat))
      base = m.expr(base).lhs;
    if (!base.valid() || m.expr(base).kind != ir::ExprKind::Name) return nullptr;
    auto it = service_index.find(m.expr(base).name);
    if (it == service_index.end()) return nullptr;
    for (const ir::Output& o : m.services[it->second].outputs)
      if (o.captured && o.name == e.name) return &o;
    return nullptr;
  };
  std::unordered_set<uint32_t> seen;
  for (const ir::Service& svc : m.services) {
    for (const ir::Action& a : svc.actions) {
      if (a.handler || a.operation.empty()) continue;
      std::vector<ir::ExprId> work{a.when};
      for (const ir::EnvVar& v : a.env) work.push_back(v.value);
      for (const ir::Command& c : a.commands) work.push_back(c.text);
      std::vector<bool> input_seen(svc.inputs.size(), false);
      while (!work.empty()) {
        ir::ExprId id = work.back();
        work.pop_back();
        if (!id.valid()) continue;
        const ir::Expr& e = m.expr(id);
        if (const ir::Output* o = captured(e)) {
          if (!seen.insert(id.value).second) continue;
          Diagnostic& d = diags.report(
              DiagKind::CaptureInOperation, e.range,
              fmt::format("action '{}' of the operation '{}' reads the captured output '{}': it "
                          "is captured by the deploy, not when the operation runs",
                          a.name, a.operation, o->name));
          d.notes.push_back({o->range, "captured here"});
          d.help = "read a static output, or have the command find the value on its host";
          continue;
        }
        if (e.kind == ir::ExprKind::Name) {
          for (uint32_t k = 0; k < svc.inputs.size(); ++k) {
            if (svc.inputs[k].name == e.name && !input_seen[k]) {
              input_seen[k] = true;
              work.push_back(svc.inputs[k].value);
            }
          }
        }
        if (e.lhs.valid()) work.push_back(e.lhs);
        if (e.rhs.valid()) work.push_back(e.rhs);
        for (ir::ExprId item : e.items) work.push_back(item);
        for (const ir::StringPart& p : e.parts)
          if (p.expr.valid()) work.push_back(p.expr);
      }
    }
  }
}

/// The spec in which the actions of `op` (and of `health`, with `with_health`) are each
/// service's deploy: no handler, no event, no order; `after` does not apply (an operation's
/// order is the deploy's). Captured outputs become static (their reads were refused above).
ir::Module operation_module(const ir::Module& m, const std::string& op, bool with_health) {
  ir::Module d = m;
  d.events.clear();
  d.orders.clear();
  for (ir::Service& s : d.services) {
    std::vector<ir::Action> actions;
    for (const ir::Action& a : s.actions) {
      if (a.handler) continue;
      if (a.operation != op && !(with_health && a.operation == kHealthOperation)) continue;
      ir::Action c = a;
      c.operation.clear();
      c.after.clear();
      c.repeatable = false;
      actions.push_back(std::move(c));
    }
    s.actions = std::move(actions);
    for (ir::Output& o : s.outputs) {
      if (!o.captured) continue;
      ir::Expr empty;
      empty.kind = ir::ExprKind::String;
      empty.range = o.range;
      o.captured = false;
      o.value = d.add(std::move(empty));
    }
  }
  return d;
}

/// Copies the errors of `from` into `to` (the warnings of the derived spec are not the
/// author's: an input only the deploy reads is not unused).
void copy_errors(const DiagnosticEngine& from, DiagnosticEngine& to) {
  for (const Diagnostic& d : from.diagnostics()) {
    if (d.severity != Severity::Error) continue;
    Diagnostic& copy = to.report(d.kind, d.range, d.message);
    copy.notes = d.notes;
    copy.help = d.help;
  }
}

/// The steps of each instance in the operation's plan, in their order.
std::unordered_map<std::string, std::vector<uint32_t>> steps_by_instance(const plan::Plan& p) {
  std::unordered_map<std::string, std::vector<uint32_t>> out;
  for (uint32_t i = 0; i < p.steps.size(); ++i) out[p.steps[i].instance].push_back(i);
  return out;
}

/// Orders `steps` (each waiting only for earlier ones) by level, then by their order, and sets
/// the plan's levels.
void order_by_level(std::vector<plan::Step> steps, plan::Plan& out) {
  const size_t n = steps.size();
  uint32_t levels = 0;
  for (plan::Step& s : steps) {
    uint32_t level = 0;
    for (const plan::Dependency& d : s.waits_for) level = std::max(level, steps[d.step].level + 1);
    s.level = level;
    levels = std::max(levels, level + 1);
  }
  std::vector<uint32_t> order(n);
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return steps[a].level < steps[b].level; });
  std::vector<uint32_t> place(n);
  for (uint32_t k = 0; k < n; ++k) place[order[k]] = k;
  out.steps.clear();
  out.steps.reserve(n);
  for (uint32_t k = 0; k < n; ++k) {
    plan::Step& s = steps[order[k]];
    for (plan::Dependency& d : s.waits_for) d.step = place[d.step];
    std::sort(s.waits_for.begin(), s.waits_for.end(),
              [](const plan::Dependency& a, const plan::Dependency& b) {
                return a.step != b.step ? a.step < b.step : a.kind < b.kind;
              });
    s.waits_for.erase(std::unique(s.waits_for.begin(), s.waits_for.end(),
                                  [](const plan::Dependency& a, const plan::Dependency& b) {
                                    return a.step == b.step && a.kind == b.kind;
                                  }),
                      s.waits_for.end());
    out.steps.push_back(std::move(s));
  }
  out.levels = levels;
}

/// A step of the operation's own plan, moved into the operation's: its waits are the pass's.
plan::Step operation_step(plan::Step& from) {
  plan::Step s;
  s.service = from.service;
  s.member = from.member;
  s.instance = from.instance;
  s.action = from.action;
  s.host = from.host;
  s.env = std::move(from.env);
  s.commands = std::move(from.commands);
  s.range = from.range;
  return s;
}

/// The teardown: one step per deploy step (a split action once, no handler) with every edge
/// reversed; the instance's teardown actions run in the place of its first deploy step, which
/// is undone last, after everything that depends on the instance.
plan::Plan teardown_plan(const plan::Plan& deploy, plan::Plan& ops) {
  const uint32_t n = static_cast<uint32_t>(deploy.steps.size());
  auto key = [](const plan::Step& s) { return s.instance + "." + s.action; };
  std::unordered_map<std::string, uint32_t> second_run;
  for (uint32_t i = 0; i < n; ++i)
    if (deploy.steps[i].occurrence == 1) second_run.emplace(key(deploy.steps[i]), i);
  std::vector<uint32_t> canon(n, kNoStep);
  std::unordered_map<std::string, uint32_t> first_of_instance;
  for (uint32_t i = 0; i < n; ++i) {
    const plan::Step& s = deploy.steps[i];
    if (s.handler) continue;
    canon[i] = s.occurrence == 0 ? second_run.at(key(s)) : i;
    first_of_instance.emplace(s.instance, canon[i]);
  }
  // Reversed: if u waits for v in the deploy, v's undo waits for u's.
  std::vector<std::vector<plan::Dependency>> reversed(n);
  for (uint32_t u = 0; u < n; ++u) {
    if (canon[u] == kNoStep) continue;
    for (const plan::Dependency& d : deploy.steps[u].waits_for) {
      // What waits for a split action's first run is not ordered against its one undo, which
      // takes the place of the second run (reversing both would make a cycle).
      if (deploy.steps[d.step].occurrence == 0) continue;
      uint32_t v = canon[d.step];
      if (v == kNoStep || v == canon[u]) continue;
      reversed[v].push_back({canon[u], d.kind, d.range});
    }
  }
  std::unordered_map<std::string, std::vector<uint32_t>> own = steps_by_instance(ops);
  std::vector<plan::Step> steps;
  std::vector<uint32_t> exit_of(n, kNoStep);  ///< by deploy step: the last step of its undo
  for (uint32_t i = n; i-- > 0;) {
    if (canon[i] != i) continue;
    const plan::Step& d = deploy.steps[i];
    std::string undoes = key(d);
    uint32_t entry = static_cast<uint32_t>(steps.size());
    auto it = own.find(d.instance);
    if (first_of_instance.at(d.instance) == i && it != own.end()) {
      for (uint32_t k : it->second) {
        plan::Step s = operation_step(ops.steps[k]);
        s.undoes = undoes;
        if (steps.size() > entry) {
          s.waits_for.push_back(
              {static_cast<uint32_t>(steps.size() - 1), plan::EdgeKind::Sequence, s.range});
        }
        steps.push_back(std::move(s));
      }
    } else {
      plan::Step s;
      s.service = d.service;
      s.member = d.member;
      s.instance = d.instance;
      // Runs nothing: `undo-join` (no action is named so, `-` not being a name's character).
      s.action = "undo-" + d.action;
      s.host = d.host;
      s.range = d.range;
      s.undoes = undoes;
      steps.push_back(std::move(s));
    }
    for (const plan::Dependency& r : reversed[i])
      steps[entry].waits_for.push_back({exit_of[r.step], r.kind, r.range});
    exit_of[i] = static_cast<uint32_t>(steps.size() - 1);
  }
  // An instance with teardown actions but no deploy step (none declared, or guarded away)
  // undoes nothing: its actions run with no order, in the operation's plan order.
  std::unordered_set<std::string> emitted;
  for (const plan::Step& first : ops.steps) {
    if (first_of_instance.count(first.instance) || !emitted.insert(first.instance).second) continue;
    const size_t entry = steps.size();
    for (uint32_t k : own.at(first.instance)) {
      plan::Step s = operation_step(ops.steps[k]);
      if (steps.size() > entry) {
        s.waits_for.push_back(
            {static_cast<uint32_t>(steps.size() - 1), plan::EdgeKind::Sequence, s.range});
      }
      steps.push_back(std::move(s));
    }
  }
  plan::Plan out;
  out.hosts = deploy.hosts;
  out.secrets = ops.secrets;
  out.operation = kTeardownOperation;
  order_by_level(std::move(steps), out);
  return out;
}

/// `--batch` for a group of `size` members: a count, or a percentage rounded down, at least 1.
uint64_t batch_size(const PlanOptions& options, uint64_t size) {
  if (options.batch == 0) return 1;
  if (!options.batch_percent) return options.batch;
  return std::max<uint64_t>(1, size * std::min<uint64_t>(options.batch, 100) / 100);
}

class RollingPlanner {
 public:
  RollingPlanner(const ir::Module& m, const Instances& inst, const plan::Plan& deploy,
                 plan::Plan& ops, const PlanOptions& options, DiagnosticEngine& diags)
      : m_(m), inst_(inst), deploy_(deploy), ops_(ops), options_(options), diags_(diags) {}

  std::optional<plan::Plan> build() {
    std::vector<uint32_t> chosen = chosen_services();
    std::unordered_set<std::string> hosts = chosen_hosts();
    if (diags_.has_errors()) return std::nullopt;
    std::unordered_map<std::string, std::vector<uint32_t>> own = steps_by_instance(ops_);
    std::unordered_map<std::string, std::vector<const std::vector<uint32_t>*>> by_service;
    for (const auto& entry : own)
      by_service[ops_.steps[entry.second.front()].service].push_back(&entry.second);
    std::map<std::string, uint32_t> group_size;
    for (const plan::Host& h : deploy_.hosts) ++group_size[h.group];
    std::unordered_map<std::string, uint32_t> host_index;
    for (uint32_t h = 0; h < m_.hosts.size(); ++h) host_index.emplace(m_.hosts[h].name, h);
    std::set<std::string> too_large;  // groups already reported
    std::vector<plan::Step> steps;
    uint32_t base_level = 0;
    for (uint32_t s : chosen) {
      // The service's instances on the chosen hosts, in member order, that have the operation.
      std::vector<std::pair<int, const std::vector<uint32_t>*>> members;
      std::string group;
      for (const std::vector<uint32_t>* listed : by_service[m_.services[s].name]) {
        const std::vector<uint32_t>& list = *listed;
        const plan::Step& first = ops_.steps[list.front()];
        const plan::Host& h = ops_.hosts[first.host];
        if (!hosts.empty() && !hosts.count(h.name) && !hosts.count(h.group)) continue;
        bool runs = std::any_of(list.begin(), list.end(),
                                [&](uint32_t k) { return !is_health(ops_.steps[k]); });
        if (!runs) continue;
        members.emplace_back(first.member, &list);
        group = h.group;
      }
      if (members.empty()) continue;
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      const uint32_t size = group_size[group];
      const uint32_t h = host_index.at(group);
      const int64_t minimum = inst_.group_minimum[h];
      // A group without a min may go down whole: a batch larger than the group is the group.
      const uint64_t batch = minimum >= 0 ? batch_size(options_, size)
                                          : std::min<uint64_t>(batch_size(options_, size), size);
      const uint64_t limit = minimum >= 0 ? size - std::min<uint64_t>(size, minimum) : size;
      if (batch > limit) {
        if (too_large.insert(group).second) report_too_large(h, size, minimum, batch, limit);
        continue;
      }
      for (size_t b = 0; b < members.size(); b += batch) {
        plan::Batch out;
        out.service = m_.services[s].name;
        out.group = group;
        out.size = size;
        out.minimum = minimum;
        out.first = static_cast<uint32_t>(steps.size());
        // Each member's chain: the operation's actions, then the health check's. The batch's
        // steps are by level (position in the chain), then member.
        std::vector<std::vector<uint32_t>> chains;
        size_t longest = 0;
        for (size_t k = b; k < members.size() && k < b + batch; ++k) {
          const std::vector<uint32_t>& list = *members[k].second;
          out.members.push_back(ops_.steps[list.front()].instance);
          std::vector<uint32_t>& chain = chains.emplace_back();
          for (uint32_t step : list)
            if (!is_health(ops_.steps[step])) chain.push_back(step);
          for (uint32_t step : list)
            if (is_health(ops_.steps[step])) chain.push_back(step);
          longest = std::max(longest, chain.size());
        }
        std::vector<uint32_t> previous(chains.size(), kNoStep);
        for (size_t c = 0; c < longest; ++c) {
          for (size_t k = 0; k < chains.size(); ++k) {
            if (c >= chains[k].size()) continue;
            plan::Step st = operation_step(ops_.steps[chains[k][c]]);
            st.health = is_health(ops_.steps[chains[k][c]]);
            st.level = base_level + static_cast<uint32_t>(c);
            if (previous[k] != kNoStep)
              st.waits_for.push_back({previous[k], plan::EdgeKind::Sequence, st.range});
            previous[k] = static_cast<uint32_t>(steps.size());
            steps.push_back(std::move(st));
          }
        }
        out.end = static_cast<uint32_t>(steps.size());
        base_level += static_cast<uint32_t>(longest);
        plan_.batches.push_back(std::move(out));
      }
    }
    if (diags_.has_errors()) return std::nullopt;
    if (steps.empty()) {
      report_empty_selection();
      return std::nullopt;
    }
    plan_.untouched = untouched(chosen);
    plan_.hosts = deploy_.hosts;
    plan_.secrets = ops_.secrets;
    plan_.operation = options_.operation;
    plan_.levels = base_level;
    plan_.steps = std::move(steps);
    return std::move(plan_);
  }

 private:
  bool is_health(const plan::Step& s) const {
    if (options_.operation == kHealthOperation) return false;
    auto it = health_.find(s.service);
    return it != health_.end() && it->second.count(s.action);
  }

  /// The services that run the operation, in the deploy's order (of their first step).
  std::vector<uint32_t> chosen_services() {
    for (const ir::Service& svc : m_.services) {
      for (const ir::Action& a : svc.actions)
        if (!a.handler && a.operation == kHealthOperation) health_[svc.name].insert(a.name);
    }
    std::unordered_map<std::string, uint32_t> index;
    std::vector<std::string> names;
    for (uint32_t s = 0; s < m_.services.size(); ++s) {
      index.emplace(m_.services[s].name, s);
      names.push_back(m_.services[s].name);
    }
    std::vector<uint32_t> chosen;
    if (options_.services.empty()) {
      for (uint32_t s = 0; s < m_.services.size(); ++s)
        if (declares(m_.services[s], options_.operation)) chosen.push_back(s);
    }
    for (const std::string& name : options_.services) {
      auto it = index.find(name);
      if (it == index.end()) {
        Diagnostic& d =
            diags_.report(DiagKind::EmptySelection, {},
                          fmt::format("--services names '{}', which is not a service", name));
        std::string close = closest_name(name, names);
        if (!close.empty()) d.help = fmt::format("did you mean '{}'?", close);
        continue;
      }
      const ir::Service& svc = m_.services[it->second];
      if (!declares(svc, options_.operation)) {
        Diagnostic& d =
            diags_.report(DiagKind::OperationNotDeclared, {},
                          fmt::format("service '{}' has no action of the operation '{}'", name,
                                      options_.operation));
        d.notes.push_back({svc.name_range, "declared here"});
        d.help = fmt::format("declare one: action {} op {} {{ sh \"...\" }}", options_.operation,
                             options_.operation);
        continue;
      }
      if (std::find(chosen.begin(), chosen.end(), it->second) == chosen.end())
        chosen.push_back(it->second);
    }
    std::vector<uint32_t> rank(m_.services.size(), UINT32_MAX);
    for (uint32_t i = 0; i < deploy_.steps.size(); ++i) {
      auto it = index.find(deploy_.steps[i].service);
      if (it != index.end()) rank[it->second] = std::min(rank[it->second], i);
    }
    std::stable_sort(chosen.begin(), chosen.end(), [&](uint32_t a, uint32_t b) {
      return rank[a] != rank[b] ? rank[a] < rank[b] : a < b;
    });
    return chosen;
  }

  std::unordered_set<std::string> chosen_hosts() {
    std::unordered_set<std::string> out;
    std::vector<std::string> known;
    std::unordered_set<std::string> names;
    for (const plan::Host& h : deploy_.hosts) {
      if (names.insert(h.name).second) known.push_back(h.name);
      if (names.insert(h.group).second) known.push_back(h.group);
    }
    for (const std::string& name : options_.hosts) {
      if (!names.count(name)) {
        Diagnostic& d = diags_.report(
            DiagKind::EmptySelection, {},
            fmt::format("--hosts names '{}', which is neither a host nor a member of a group",
                        name));
        std::string close = closest_name(name, known);
        if (!close.empty()) d.help = fmt::format("did you mean '{}'?", close);
        continue;
      }
      out.insert(name);
    }
    return out;
  }

  void report_too_large(uint32_t h, uint64_t size, int64_t minimum, uint64_t batch,
                        uint64_t limit) {
    const ir::Host& host = m_.hosts[h];
    SourceRange at = host.minimum.valid() ? m_.expr(host.minimum).range : host.name_range;
    Diagnostic& d = diags_.report(
        DiagKind::BatchTooLarge, at,
        fmt::format("a batch of {} would take down more than {} of the {} members of group '{}' "
                    "(size {}, min {})",
                    batch, limit, size, host.name, size, minimum));
    d.help = limit == 0 ? fmt::format("group '{}' cannot lose a member: raise its size above {}",
                                      host.name, minimum)
                        : fmt::format("use --batch {} or less", limit);
  }

  void report_empty_selection() {
    std::string what = options_.services.empty() && options_.hosts.empty()
                           ? "no service instance runs it"
                           : "the selection (--services, --hosts) matches no instance that has it";
    diags_
        .report(DiagKind::EmptySelection, {},
                fmt::format("the operation '{}' has nothing to run: {}", options_.operation, what))
        .help = "select services that declare the operation, on hosts where they run";
  }

  /// The services the chosen ones depend on (by the deploy's edges) that are not chosen.
  std::vector<std::string> untouched(const std::vector<uint32_t>& chosen) {
    if (!options_.services.size() && !options_.hosts.size()) return {};
    std::unordered_set<std::string> mine;
    for (uint32_t s : chosen) mine.insert(m_.services[s].name);
    std::set<uint32_t> first;
    std::unordered_set<std::string> seen;
    std::vector<std::string> out;
    for (const plan::Step& s : deploy_.steps) {
      if (!mine.count(s.service)) continue;
      for (const plan::Dependency& d : s.waits_for) {
        const std::string& other = deploy_.steps[d.step].service;
        if (!mine.count(other) && seen.insert(other).second) out.push_back(other);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  const ir::Module& m_;
  const Instances& inst_;
  const plan::Plan& deploy_;
  plan::Plan& ops_;
  const PlanOptions& options_;
  DiagnosticEngine& diags_;
  std::unordered_map<std::string, std::set<std::string>> health_;
  plan::Plan plan_;
};

}  // namespace

void check_operation_clauses(const ir::Module& module, DiagnosticEngine& diags) {
  report_captured_reads(module, diags);
  for (const ir::Service& s : module.services) {
    for (const ir::Action& a : s.actions) {
      if (!a.handler || a.operation.empty()) continue;
      diags
          .report(
              DiagKind::OperationOnHandler, a.operation_range,
              fmt::format("handler '{}' cannot belong to the operation '{}'", a.name, a.operation))
          .help = fmt::format("a handler runs on the deploy's events; write 'action {} op {}'",
                              a.name, a.operation);
    }
  }
}

void check_operations(const ir::Module& module, const PlanOptions& options,
                      DiagnosticEngine& diags) {
  std::vector<std::string> ops;
  for (const ir::Service& s : module.services) {
    for (const ir::Action& a : s.actions) {
      if (!a.operation.empty() && !a.handler &&
          std::find(ops.begin(), ops.end(), a.operation) == ops.end())
        ops.push_back(a.operation);
    }
  }
  PlanOptions checking = options;
  checking.keep_commands = false;
  checking.time_passes = false;
  for (const std::string& op : ops) {
    DiagnosticEngine sub;
    analyze_module(operation_module(module, op, false), checking, sub);
    copy_errors(sub, diags);
  }
}

std::optional<plan::Plan> build_operation_plan(const ir::Module& module, const Instances& instances,
                                               const plan::Plan& deploy, const PlanOptions& options,
                                               DiagnosticEngine& diags) {
  const std::string& op = options.operation;
  const bool teardown = op == kTeardownOperation;
  bool known = teardown;
  std::vector<std::string> ops;
  for (const ir::Service& s : module.services) {
    for (const ir::Action& a : s.actions) {
      if (a.operation.empty() || a.handler) continue;
      if (a.operation == op) known = true;
      if (std::find(ops.begin(), ops.end(), a.operation) == ops.end()) ops.push_back(a.operation);
    }
  }
  if (!known) {
    if (std::find(ops.begin(), ops.end(), kTeardownOperation) == ops.end())
      ops.push_back(kTeardownOperation);
    std::sort(ops.begin(), ops.end());
    Diagnostic& d = diags.report(
        DiagKind::UnknownOperation, {},
        fmt::format("--op names the operation '{}', which no action of the spec declares", op));
    std::string close = closest_name(op, ops);
    d.help = close.empty() ? fmt::format("the operations of this spec: {}", fmt::join(ops, ", "))
                           : fmt::format("did you mean '{}'?", close);
    return std::nullopt;
  }
  const bool with_health = !teardown && op != kHealthOperation;
  ir::Module derived = operation_module(module, op, with_health);
  PlanOptions sub = options;
  sub.operation.clear();
  sub.time_passes = false;
  DiagnosticEngine sub_diags;
  std::optional<plan::Plan> ops_plan = build_plan(derived, sub, sub_diags);
  copy_errors(sub_diags, diags);
  if (!ops_plan || diags.has_errors()) return std::nullopt;
  if (teardown) {
    if (!options.services.empty() || !options.hosts.empty()) {
      diags
          .report(DiagKind::EmptySelection, {},
                  "a teardown takes the whole deployment down: --services and --hosts do not "
                  "apply")
          .help = "leave them out, or run a rolling operation";
      return std::nullopt;
    }
    return teardown_plan(deploy, *ops_plan);
  }
  return RollingPlanner(module, instances, deploy, *ops_plan, options, diags).build();
}

}  // namespace baton
