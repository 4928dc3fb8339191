// Building the action graph: nodes from guards, edges from sequence, data, after, order and
// events, each with the source range that created it.
#include "analyses/action_graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "analyses/shell_splices.h"

namespace baton {

namespace {

/// Which nodes of a whole-service target stand for it.
enum class WholeService { Last, First };

class GraphBuilder {
 public:
  GraphBuilder(const ir::Module& m, const Resolution& names, Evaluator& eval, const Instances& inst,
               DiagnosticEngine& diags, bool keep_commands)
      : m_(m), names_(names), eval_(eval), inst_(inst), diags_(diags) {
    g_.keep_commands = keep_commands;
  }

  ActionGraph build() {
    // Host attributes are evaluated for the plan's host list only after the graph; evaluate
    // them here too (they are memoized) so that their errors show even when the spec has others.
    for (uint32_t h = 0; h < inst_.hosts.size(); ++h) {
      HostInstanceId host{h};
      for (const ir::Attr& a : m_.host(inst_.host(host).host).attrs) {
        Value storage;
        eval_.host_attr_ref(host, a.name, storage);
      }
    }
    mark_subscribed_handlers();
    create_nodes();
    expr_range_.assign(m_.exprs.size(), kNone);
    action_range_.resize(m_.services.size());
    unused_.resize(m_.services.size());
    // Most specs have a few edges per node; the capacity that stays unused is never touched.
    g_.edges.reserve(g_.nodes.size() * 6);
    for (uint32_t i = 0; i < inst_.services.size(); ++i) instance_edges(ServiceInstanceId{i});
    for (const ir::Event& ev : m_.events) event_edges(ev);
    handler_sequence_edges();
    for (const ir::Order& o : m_.orders) order_edges(o);
    return std::move(g_);
  }

 private:
  /// An instance an action depends on (data_edges): at its first reference, and how.
  struct DataRef {
    ServiceInstanceId instance;
    ir::ExprId at;
    bool capture = false, static_read = false;
  };

  // ---- nodes

  void mark_subscribed_handlers() {
    subscribed_.resize(m_.services.size());
    for (uint32_t s = 0; s < m_.services.size(); ++s)
      subscribed_[s].assign(m_.services[s].actions.size(), false);
    for (const ir::Event& ev : m_.events) {
      Symbol s = names_.lookup(ev.subscriber.service);
      if (s.kind != SymbolKind::Service) continue;
      auto it = names_.services[s.index].actions.find(ev.subscriber.action);
      if (it != names_.services[s.index].actions.end()) subscribed_[s.index][it->second] = true;
    }
    for (uint32_t s = 0; s < m_.services.size(); ++s) {
      for (uint32_t a = 0; a < m_.services[s].actions.size(); ++a) {
        const ir::Action& act = m_.services[s].actions[a];
        // In a spec that did not parse whole, the subscribing event may be what was lost.
        if (act.handler && !subscribed_[s][a] && !m_.incomplete) {
          diags_
              .report(DiagKind::HandlerNeverTriggered, act.name_range,
                      fmt::format("handler '{}' of service '{}' is never triggered", act.name,
                                  m_.services[s].name))
              .help = fmt::format("subscribe it: on {0}.<action> changed -> {0}.{1}",
                                  m_.services[s].name, act.name);
        }
      }
    }
  }

  /// The first reference to a secret param in `id`, directly or through the service's inputs
  /// (invalid when there is none). A guard is decided at compile time, where a secret has no
  /// value; looking at names, not values, catches `token == "x"` before its operator does.
  ir::ExprId secret_reference(ir::ExprId root, ir::ServiceId service) {
    std::vector<bool> seen_input(m_.service(service).inputs.size(), false);
    return walk_through_inputs({root}, service, seen_input, [&](ir::ExprId id) {
      Symbol sym = names_.names[id.value];
      return sym.kind == SymbolKind::Param && m_.params[sym.index].type == ir::Type::Secret;
    });
  }

  /// Walks the expressions reachable from `work` in service `service`: operands, items,
  /// interpolations, and the value of each input they name (once: `seen_input[k]` is set when
  /// input k is reached). `stop` is asked about each name on the way; the walk ends at the
  /// first it accepts and returns it (invalid when there is none).
  template <typename Stop>
  ir::ExprId walk_through_inputs(std::vector<ir::ExprId> work, ir::ServiceId service,
                                 std::vector<bool>& seen_input, Stop stop) {
    const ir::Service& svc = m_.service(service);
    while (!work.empty()) {
      ir::ExprId id = work.back();
      work.pop_back();
      if (!id.valid()) continue;
      const ir::Expr& e = m_.expr(id);
      if (e.kind == ir::ExprKind::Name) {
        if (stop(id)) return id;
        Symbol sym = names_.names[id.value];
        if (sym.kind == SymbolKind::Input && !seen_input[sym.index]) {
          seen_input[sym.index] = true;
          work.push_back(svc.inputs[sym.index].value);
        }
      }
      if (e.lhs.valid()) work.push_back(e.lhs);
      if (e.rhs.valid()) work.push_back(e.rhs);
      for (ir::ExprId item : e.items) work.push_back(item);
      for (const ir::StringPart& p : e.parts)
        if (p.expr.valid()) work.push_back(p.expr);
    }
    return {};
  }

  bool guard_holds(const ir::Action& a, const Scope& scope) {
    if (!a.when.valid()) return true;
    const SourceRange& at = m_.expr(a.when).range;
    auto [cached, fresh] = guard_secret_.emplace(a.when.value, ir::ExprId{});
    if (fresh) cached->second = secret_reference(a.when, scope.service);
    if (cached->second.valid()) {
      // Keep the action, as for every erroneous guard, so that nothing cascades.
      Diagnostic* d = eval_.report_once(
          a.when, DiagKind::SecretLeak, at,
          "a guard cannot depend on a secret: guards are decided at compile "
          "time, when secrets have no value, and the plan would reveal the outcome");
      const ir::Expr& ref = m_.expr(cached->second);
      d->notes.push_back(
          {ref.range, fmt::format("'{}' is a secret, supplied only when the plan runs", ref.name)});
      d->help = "test the secret in the action's shell command instead, where it has its value";
      return true;
    }
    Value v = eval_.eval(a.when, scope);
    if (v.is_error()) return true;  // reported; keep the action so nothing cascades
    if (v.kind != Value::Kind::Bool) {
      eval_.report_once(a.when, DiagKind::TypeMismatch, at,
                        std::string("a guard must be a bool, not ") + kind_name(v.kind));
      return true;
    }
    if (v.has_runtime()) {
      eval_.report_once(a.when, DiagKind::RuntimeValueAtCompileTime, at,
                        "a guard must be known at compile time");
      return true;
    }
    return !v.known || v.b;
  }

  void create_nodes() {
    size_t n_inst = inst_.services.size();
    g_.slot_base.resize(n_inst);
    g_.first_deploy.assign(n_inst, kNone);
    g_.last_deploy.assign(n_inst, kNone);
    uint32_t slots = 0;
    for (size_t i = 0; i < n_inst; ++i) {
      g_.slot_base[i] = slots;
      slots += static_cast<uint32_t>(m_.service(inst_.services[i].service).actions.size());
    }
    g_.slot_node.assign(slots, kNone);
    for (uint32_t i = 0; i < n_inst; ++i) {
      const ServiceInstance& si = inst_.services[i];
      const ir::Service& svc = m_.service(si.service);
      Scope scope = eval_.instance_scope(ServiceInstanceId{i});
      for (uint32_t a = 0; a < svc.actions.size(); ++a) {
        const ir::Action& act = svc.actions[a];
        if (!act.operation.empty()) continue;  // an operation's, not the deploy's
        if (act.handler && !subscribed_[si.service.value][a]) continue;
        if (!guard_holds(act, scope)) continue;
        uint32_t node = static_cast<uint32_t>(g_.nodes.size());
        g_.nodes.push_back({ServiceInstanceId{i}, a, -1});
        g_.slot_node[g_.slot_base[i] + a] = node;
        if (!act.handler) {
          if (g_.first_deploy[i] == kNone) g_.first_deploy[i] = node;
          g_.last_deploy[i] = node;
        }
      }
    }
    if (g_.keep_commands) {
      g_.commands.resize(g_.nodes.size());
      g_.envs.resize(g_.nodes.size());
    }
    g_.triggers.resize(g_.nodes.size());
    std::vector<bool> reported(m_.services.size(), false);
    for (uint32_t i = 0; i < n_inst; ++i) check_captures(i, reported);
  }

  /// A captured output is taken right after its instance's last deploy action: an instance
  /// with none (none declared, or a guard removed them all on that member) cannot provide it.
  void check_captures(uint32_t i, std::vector<bool>& reported) {
    const ServiceInstance& si = inst_.services[i];
    const ir::Service& svc = m_.service(si.service);
    if (g_.last_deploy[i] != kNone || reported[si.service.value]) return;
    const ir::Output* captured = nullptr;
    for (const ir::Output& o : svc.outputs)
      if (o.captured && !captured) captured = &o;
    if (!captured) return;
    reported[si.service.value] = true;
    const ir::Action* guarded = nullptr;
    for (const ir::Action& a : svc.actions)
      if (!a.handler && !guarded) guarded = &a;
    if (!guarded) {
      diags_
          .report(DiagKind::CaptureWithoutAction, captured->name_range,
                  fmt::format("output '{}' of service '{}' is captured after the service's last "
                              "action, and it has none",
                              captured->name, svc.name))
          .help = fmt::format(
          "add an action to '{}', even one that does nothing: action run {{ sh \"true\" }}",
          svc.name);
      return;
    }
    Diagnostic& d =
        diags_.report(DiagKind::CaptureWithoutAction, captured->name_range,
                      fmt::format("output '{}' of '{}' is captured after that member's last "
                                  "action, and its guards remove every action of that member",
                                  captured->name, si.name));
    if (guarded->when.valid())
      d.notes.push_back({m_.expr(guarded->when).range, "guard declared here"});
    d.help = fmt::format(
        "give every member of '{}' at least one action, even one that does nothing", svc.name);
  }

  // ---- edges and their source ranges

  /// The index in g_.ranges of an expression's range. Kept by ExprId rather than through
  /// intern_range: a flat spec has a data edge per reference, and a table by ExprId costs a
  /// fraction of a hash table's memory.
  uint32_t expr_range_id(ir::ExprId id) {
    uint32_t& slot = expr_range_[id.value];
    if (slot == kNone) {
      slot = static_cast<uint32_t>(g_.ranges.size());
      g_.ranges.push_back(m_.expr(id).range);
    }
    return slot;
  }
  /// The index in g_.ranges of an action's name (its sequence edges).
  uint32_t action_range_id(ir::ServiceId service, uint32_t action) {
    std::vector<uint32_t>& ids = action_range_[service.value];
    const ir::Service& svc = m_.service(service);
    if (ids.empty()) ids.assign(svc.actions.size(), kNone);
    if (ids[action] == kNone) ids[action] = g_.intern_range(svc.actions[action].name_range);
    return ids[action];
  }

  void edge(uint32_t from, uint32_t to, plan::EdgeKind kind, uint32_t range, bool capture = false,
            bool static_read = false) {
    if (from == kNone || to == kNone) return;
    g_.edges.push_back({from, to, kind, capture, static_read, range});
  }

  /// Whether a dependency on `instance` is a read of one of its static outputs (else it needs a
  /// captured output: a read of one, or a capture carried by a value).
  bool static_dep(const Dep& d) const {
    const ir::Expr& e = m_.expr(d.at);
    if (e.kind != ir::ExprKind::Member) return false;
    ir::ServiceId service = inst_.service(d.instance).service;
    const NameTable& outputs = names_.services[service.value].outputs;
    auto it = outputs.find(e.name);
    return it != outputs.end() && !m_.service(service).outputs[it->second].captured;
  }

  /// Data edges: `to` waits for the last deploy action of each instance in `deps`, and of the
  /// instances whose captures the values hold. A static output of the service's own instances
  /// makes no edge: it is known at compile time, and members reading their peers' (`g[*].name`)
  /// would otherwise wait for each other. Sorts `deps` by instance (stable).
  /// An `ordering` edge (an unused input) needs no value: it orders, whatever the output is.
  void data_edges(std::vector<Dep>& deps, ServiceInstanceId self, uint32_t to,
                  bool ordering = false) {
    if (to == kNone) return;
    // One edge per instance, at its first reference in source order.
    std::stable_sort(deps.begin(), deps.end(),
                     [](const Dep& a, const Dep& b) { return a.instance < b.instance; });
    ir::ServiceId own_service = inst_.service(self).service;
    refs_.clear();
    for (size_t k = 0; k < deps.size();) {
      ServiceInstanceId instance = deps[k].instance;
      bool own = inst_.service(instance).service == own_service;
      bool capture = false, static_read = false;
      size_t first = deps.size();
      for (; k < deps.size() && deps[k].instance == instance; ++k) {
        bool st = static_dep(deps[k]);
        if (st && own) continue;
        if (first == deps.size()) first = k;
        (st ? static_read : capture) = true;
      }
      if (instance == self || first == deps.size()) continue;
      refs_.push_back(
          {instance, deps[first].at, capture && !ordering, static_read || !capture || ordering});
    }
    for (size_t k = 0; k < refs_.size();) {
      // Every member of another group service, each read through one expression alike: one
      // barrier, shared by every instance that reads them so (a[*].o from each member of b).
      const DataRef& head = refs_[k];
      ir::ServiceId service = inst_.service(head.instance).service;
      size_t end = k + 1;
      while (end < refs_.size() && refs_[end].at == head.at && refs_[end].capture == head.capture &&
             refs_[end].static_read == head.static_read &&
             inst_.service(refs_[end].instance).service == service)
        ++end;
      uint32_t count = inst_.service_count(service);
      if (service != own_service && count > 1 && end - k == count) {
        edge(data_barrier(head, service), to, plan::EdgeKind::Data, expr_range_id(head.at),
             head.capture, head.static_read);
        k = end;
        continue;
      }
      for (; k < end; ++k) {
        const DataRef& r = refs_[k];
        edge(g_.last_deploy[r.instance.value], to, plan::EdgeKind::Data, expr_range_id(r.at),
             r.capture, r.static_read);
      }
    }
  }

  /// The barrier of a data reference to every member of `service` (see data_edges), made on
  /// first use with an edge from each member's last deploy action.
  uint32_t data_barrier(const DataRef& r, ir::ServiceId service) {
    auto key = std::make_tuple(r.at.value, service.value, r.capture, r.static_read);
    auto [it, fresh] = data_barrier_.emplace(key, kNone);
    if (!fresh) return it->second;
    uint32_t b = add_barrier(false);
    it->second = b;
    uint32_t range = expr_range_id(r.at);
    uint32_t count = inst_.service_count(service);
    for (uint32_t k = 0; k < count; ++k) {
      edge(g_.last_deploy[inst_.service_member(service, k).value], b, plan::EdgeKind::Data, range,
           r.capture, r.static_read);
    }
    return b;
  }

  /// Evaluates a `sh "..."` string of instance `scope`: literal text is shell, each ${} a value.
  /// The instances the values refer to go to `deps`, followed by those whose captures they hold;
  /// each capture also goes to `caps` (with the command), each secret to `secrets`. The command is
  /// appended to `out` when given.
  void evaluate_command(ir::ExprId text, const Scope& scope, std::vector<Dep>& deps,
                        std::vector<std::pair<uint32_t, ir::ExprId>>& caps,
                        std::vector<std::string>& secrets, std::vector<plan::Command>* out) {
    const ir::Expr& e = m_.expr(text);
    plan::Command* cmd = nullptr;
    if (out) {
      cmd = &out->emplace_back();
      cmd->range = e.range;
    }
    if (e.kind != ir::ExprKind::String) return;
    if (cmd) cmd->pieces.reserve(e.parts.size());
    size_t first_cap = caps.size();
    const std::vector<Splice> splices = shell_splices(e.parts);
    size_t splice = 0;
    for (const ir::StringPart& part : e.parts) {
      plan::CommandPiece* piece = nullptr;
      if (cmd) piece = &cmd->pieces.emplace_back();
      if (!part.expr.valid()) {
        if (piece) piece->shell = part.text;
        continue;
      }
      const Splice& where = splices[splice++];
      if (where.problem != SpliceProblem::None) {
        eval_
            .report_once(part.expr, DiagKind::UnquotableSplice, m_.expr(part.expr).range,
                         splice_problem_message(where.problem))
            ->help = splice_problem_help(where.problem);
      }
      if (piece) {
        piece->is_value = true;
        piece->quoting = where.quoting;
      }
      interpolate(part.expr, text, scope, deps, caps, secrets, piece ? &piece->value : nullptr,
                  "a list cannot be interpolated into a command",
                  "join it: ${join(list, \" \")} is one word; write one ${} per word you need");
    }
    // Captures held by values (through static outputs of other services) are data too.
    for (size_t k = first_cap; k < caps.size(); ++k)
      deps.push_back({inst_.captures[caps[k].first].instance, text});
  }

  /// Evaluates `expr` (a `${}` of the command `owner`, or an env value, then `owner` itself) of
  /// instance `scope` into `out` when given: the instances it refers to go to `deps`, its
  /// captures to `caps` (with `owner`), its secrets to `secrets`. A list is E0306, said by
  /// `list_message` and `list_help`.
  void interpolate(ir::ExprId expr, ir::ExprId owner, const Scope& scope, std::vector<Dep>& deps,
                   std::vector<std::pair<uint32_t, ir::ExprId>>& caps,
                   std::vector<std::string>& secrets, plan::Word* out, const char* list_message,
                   const char* list_help) {
    Value storage;
    const Value& v = eval_.eval_instance_ref(expr, scope, deps, storage);
    if (v.kind == Value::Kind::List) {
      eval_.report_once(expr, DiagKind::ListInString, m_.expr(expr).range, list_message)->help =
          list_help;
    } else if (v.kind == Value::Kind::String) {
      for (const plan::Segment& seg : v.text) {
        if (seg.kind == plan::Segment::Kind::Capture) {
          caps.emplace_back(seg.capture, owner);
        } else if (seg.kind == plan::Segment::Kind::Secret) {
          secrets.push_back(seg.text);
        }
      }
      if (out && &v == &storage) {
        *out = std::move(storage.text);
      } else if (out) {
        *out = v.text;
      }
    } else if (v.kind != Value::Kind::Error) {
      if (out) append_text(*out, v.plain_text());
    }
  }

  /// Evaluates the value of an `env` variable of instance `scope`, like a `${}` of a command.
  void evaluate_env_value(ir::ExprId value, const Scope& scope, std::vector<Dep>& deps,
                          std::vector<std::pair<uint32_t, ir::ExprId>>& caps,
                          std::vector<std::string>& secrets, plan::Word* out) {
    size_t first_cap = caps.size();
    interpolate(value, value, scope, deps, caps, secrets, out,
                "a list cannot be the value of an environment variable",
                "join it: ${join(list, \" \")}");
    for (size_t k = first_cap; k < caps.size(); ++k)
      deps.push_back({inst_.captures[caps[k].first].instance, value});
  }

  /// The instance's own captured outputs are taken after its last deploy action: a deploy
  /// action that uses one waits for that action, a cycle that the cycle pass reports.
  void own_capture_edge(ServiceInstanceId self, uint32_t node, const std::vector<Dep>& deps,
                        const std::vector<std::pair<uint32_t, ir::ExprId>>& caps) {
    for (const auto& [capture, command] : caps) {
      if (inst_.captures[capture].instance == self) {
        // At the reference when the evaluator recorded one, else at the command.
        ir::ExprId at = command;
        for (const Dep& d : deps) {
          if (d.instance == self) {
            at = d.at;
            break;
          }
        }
        edge(g_.last_deploy[self.value], node, plan::EdgeKind::Data, expr_range_id(at), true);
        return;
      }
    }
  }

  /// Inputs that no action, handler or capture command uses, directly or through other inputs.
  const std::vector<bool>& unused_inputs(ir::ServiceId service_id) {
    std::vector<bool>& unused = unused_[service_id.value];
    const ir::Service& svc = m_.service(service_id);
    if (unused.size() == svc.inputs.size()) return unused;
    std::vector<bool> used(svc.inputs.size(), false);
    std::vector<ir::ExprId> work;
    for (const ir::Action& a : svc.actions) {
      for (const ir::EnvVar& v : a.env) work.push_back(v.value);
      for (const ir::Command& c : a.commands) work.push_back(c.text);
    }
    for (const ir::Output& o : svc.outputs) work.push_back(o.value);
    walk_through_inputs(std::move(work), service_id, used, [](ir::ExprId) { return false; });
    unused.assign(svc.inputs.size(), false);
    for (size_t k = 0; k < used.size(); ++k) unused[k] = !used[k];
    return unused;
  }

  void instance_edges(ServiceInstanceId i) {
    const ServiceInstance& si = inst_.service(i);
    const ir::Service& svc = m_.service(si.service);
    Scope scope = eval_.instance_scope(i);
    uint32_t prev = kNone;
    for (uint32_t a = 0; a < svc.actions.size(); ++a) {
      const ir::Action& act = svc.actions[a];
      uint32_t node = g_.node(i, a);
      if (node == kNone) continue;
      if (!act.handler) {
        if (prev != kNone)
          edge(prev, node, plan::EdgeKind::Sequence, action_range_id(si.service, a));
        prev = node;
      }
      deps_.clear();
      caps_.clear();
      secrets_.clear();
      std::vector<plan::Command>* out = nullptr;
      if (g_.keep_commands) {
        out = &g_.commands[node];
        out->reserve(act.commands.size());
      }
      std::vector<plan::EnvVar>* env = nullptr;
      if (g_.keep_commands) {
        env = &g_.envs[node];
        env->reserve(act.env.size());
      }
      for (const ir::EnvVar& v : act.env) {
        plan::EnvVar* var = env ? &env->emplace_back() : nullptr;
        if (var) var->name = v.name;
        evaluate_env_value(v.value, scope, deps_, caps_, secrets_, var ? &var->value : nullptr);
      }
      for (const ir::Command& c : act.commands)
        evaluate_command(c.text, scope, deps_, caps_, secrets_, out);
      for (const auto& cap : caps_) g_.node_captures.emplace_back(node, cap.first);
      for (std::string& secret : secrets_) g_.node_secrets.emplace_back(node, std::move(secret));
      data_edges(deps_, i, node);
      if (!act.handler) own_capture_edge(i, node, deps_, caps_);
      for (const ir::Target& t : act.after) after_edges(t, scope, node);
    }
    // Captures run after the last deploy action; what their commands use must be there first.
    uint32_t ordinal = 0;
    for (const ir::Output& o : svc.outputs) {
      if (!o.captured) continue;
      deps_.clear();
      caps_.clear();
      secrets_.clear();
      std::vector<plan::Command> cmd;
      evaluate_command(o.value, scope, deps_, caps_, secrets_, &cmd);
      uint32_t id = si.first_capture.value + ordinal++;
      check_capture_order(i, o, id);
      if (g_.capture_commands.size() <= id) g_.capture_commands.resize(id + 1);
      g_.capture_commands[id] = std::move(cmd.front());
      data_edges(deps_, i, g_.last_deploy[i.value]);
    }
    // Static outputs are evaluated where they are used; here their errors (types, a secret)
    // are reported even when nothing uses them. One member is enough: errors are per expression.
    if (i == inst_.service_member(si.service, 0)) {
      for (uint32_t k = 0; k < svc.outputs.size(); ++k) {
        if (!svc.outputs[k].captured) {
          Value storage;
          eval_.output_ref(i, k, svc.outputs[k].value, nullptr, storage);
        }
      }
    }
    // An input no action uses still orders the service after what it refers to.
    const std::vector<bool>& unused = unused_inputs(si.service);
    for (uint32_t k = 0; k < svc.inputs.size(); ++k) {
      if (!unused[k]) continue;
      deps_.clear();
      Value storage;
      eval_.eval_instance_ref(svc.inputs[k].value, scope, deps_, storage);
      data_edges(deps_, i, g_.first_deploy[i.value], true);
    }
  }

  /// A barrier node (see ActionNode), with an empty entry in every by-node table.
  uint32_t add_barrier(bool source_major) {
    uint32_t b = static_cast<uint32_t>(g_.nodes.size());
    g_.nodes.push_back({ServiceInstanceId{}, 0, -1});
    if (g_.keep_commands) {
      g_.commands.emplace_back();
      g_.envs.emplace_back();
    }
    g_.triggers.emplace_back();
    g_.barriers.emplace_back(b, source_major);
    return b;
  }

  /// Whether the nodes a target stands for are the same from every instance: `[*]`, or a whole
  /// service named from outside its group.
  bool same_from_every_scope(const ir::Target& t, const Scope& scope) const {
    if (t.index_kind == ir::TargetIndex::Star) return true;
    return t.index_kind == ir::TargetIndex::None && t.action.empty() &&
           host_of_service(t.service) != scope.host;
  }

  /// `node` runs after what `t` names. A target naming several nodes the same way from every
  /// instance gets one barrier, made on its first use: each instance then adds one edge from it.
  void after_edges(const ir::Target& t, const Scope& scope, uint32_t node) {
    bool shared = same_from_every_scope(t, scope);
    if (shared) {
      auto it = after_barrier_.find(&t);
      if (it != after_barrier_.end()) {
        edge(it->second, node, plan::EdgeKind::After, g_.intern_range(t.range));
        return;
      }
    }
    std::vector<uint32_t> from = target_nodes(t, &scope, WholeService::Last);
    if (from.empty()) return;
    uint32_t range = g_.intern_range(t.range);
    if (shared && from.size() > 1) {
      uint32_t b = add_barrier(false);
      after_barrier_.emplace(&t, b);
      for (uint32_t f : from) edge(f, b, plan::EdgeKind::After, range);
      edge(b, node, plan::EdgeKind::After, range);
      return;
    }
    for (uint32_t f : from) edge(f, node, plan::EdgeKind::After, range);
  }

  /// Captures are taken one after the other in declaration order: the command of capture `id`
  /// (output `o` of instance `i`, whose captures are in caps_) can use only the earlier ones.
  void check_capture_order(ServiceInstanceId i, const ir::Output& o, uint32_t id) {
    for (const auto& [capture, command] : caps_) {
      const CaptureRef& ref = inst_.captures[capture];
      if (ref.instance != i || capture < id) continue;
      const ir::Service& svc = m_.service(inst_.service(i).service);
      const std::string& used = svc.outputs[ref.output].name;
      Diagnostic* d = eval_.report_once(
          o.value, DiagKind::CaptureOrder, o.name_range,
          capture == id ? fmt::format("output '{}' of service '{}' is captured by a "
                                      "command that uses its own value",
                                      o.name, svc.name)
                        : fmt::format("output '{}' of service '{}' is captured by a "
                                      "command that uses '{}', which is captured after it",
                                      o.name, svc.name, used));
      d->help = capture == id ? "a capture's command runs before its value exists: compute the "
                                "value in the command itself"
                              : fmt::format(
                                    "captures are taken in the order they are declared: "
                                    "declare '{}' before '{}'",
                                    used, o.name);
      return;
    }
  }

  // ---- targets of after, order and on

  bool report_target_once(const SourceRange& r, DiagKind kind) {
    return reported_.emplace(r.file, r.line, r.col, static_cast<int>(kind)).second;
  }

  /// The service instances a target names, or false (reported) when it cannot.
  bool target_members(const ir::Target& t, const Scope* scope, ir::ServiceId& service,
                      std::vector<ServiceInstanceId>& out) {
    Symbol s = names_.lookup(t.service);
    if (s.kind != SymbolKind::Service || !names_.service_host[s.index].valid()) return false;
    service = ir::ServiceId{s.index};
    ir::HostId host = names_.service_host[s.index];
    bool replicated = m_.host(host).is_group();
    uint32_t n = inst_.service_count(service);
    auto all = [&] {
      for (uint32_t k = 0; k < n; ++k) out.push_back(inst_.service_member(service, k));
    };
    switch (t.index_kind) {
      case ir::TargetIndex::None:
        if (!replicated) {
          all();
          return true;
        }
        if (scope && scope->host == host && scope->member >= 0) {
          out.push_back(inst_.service_member(service, static_cast<uint32_t>(scope->member)));
          return true;
        }
        if (t.action.empty()) {  // the whole service: every member
          all();
          return true;
        }
        if (report_target_once(t.range, DiagKind::AmbiguousReplicatedReference)) {
          Diagnostic& d = diags_.report(DiagKind::AmbiguousReplicatedReference, t.service_range,
                                        fmt::format("service '{0}' is replicated; '{0}.{1}' does "
                                                    "not say which member",
                                                    t.service, t.action));
          d.help = fmt::format("write '{0}[0].{1}' for one member or '{0}[*].{1}' for all of them",
                               t.service, t.action);
        }
        return false;
      case ir::TargetIndex::Star:
      case ir::TargetIndex::Expr:
        if (!replicated) {
          if (report_target_once(t.range, DiagKind::NotReplicated)) {
            diags_
                .report(DiagKind::NotReplicated, t.range,
                        fmt::format("service '{}' is not replicated", t.service))
                .help = fmt::format("write '{}{}{}' without an index", t.service,
                                    t.action.empty() ? "" : ".", t.action);
          }
          return false;
        }
        if (t.index_kind == ir::TargetIndex::Star) {
          all();
          return true;
        }
        break;
    }
    Value v = eval_.eval(t.index, scope ? *scope : Scope{});
    if (v.is_error()) return false;
    if (v.kind != Value::Kind::Int || v.has_runtime()) {
      eval_.report_once(t.index, DiagKind::TypeMismatch, m_.expr(t.index).range,
                        "an index must be an int known at compile time");
      return false;
    }
    if (!v.known) {
      out.push_back(inst_.service_member(service, 0));
      return true;
    }
    if (inst_.size_error[host.value]) return false;  // the group's size was reported
    if (v.i < 0 || v.i >= static_cast<int64_t>(n)) {
      eval_.report_once(t.index, DiagKind::IndexOutOfRange, m_.expr(t.index).range,
                        fmt::format("index {} is out of range for '{}', which has {} member{}", v.i,
                                    t.service, n, n == 1 ? "" : "s"));
      return false;
    }
    out.push_back(inst_.service_member(service, static_cast<uint32_t>(v.i)));
    return true;
  }

  /// The nodes a target stands for. A named action removed by a guard on an explicitly named
  /// member is an error; across [*] such members are skipped.
  std::vector<uint32_t> target_nodes(const ir::Target& t, const Scope* scope, WholeService whole,
                                     bool* guarded_away = nullptr) {
    std::vector<uint32_t> nodes;
    std::vector<ServiceInstanceId> members;
    ir::ServiceId service;
    if (!target_members(t, scope, service, members)) return nodes;
    if (t.action.empty()) {
      for (ServiceInstanceId i : members) {
        uint32_t n =
            whole == WholeService::Last ? g_.last_deploy[i.value] : g_.first_deploy[i.value];
        if (n != kNone) nodes.push_back(n);
      }
      return nodes;
    }
    const NameTable& actions = names_.services[service.value].actions;
    auto it = actions.find(t.action);
    if (it == actions.end()) return nodes;  // reported by resolve
    ServiceInstanceId missing;
    for (ServiceInstanceId i : members) {
      uint32_t n = g_.node(i, it->second);
      if (n != kNone) {
        nodes.push_back(n);
      } else if (!missing.valid()) {
        missing = i;
      }
    }
    bool explicit_member = t.index_kind != ir::TargetIndex::Star && members.size() == 1;
    if (missing.valid() && (explicit_member || nodes.empty())) {
      if (guarded_away) {
        *guarded_away = true;
        return nodes;
      }
      const ir::Action& act = m_.service(service).actions[it->second];
      // An untriggered handler: W0501 said so. A triggered one is a node wherever its guard holds.
      if (act.handler && !subscribed_[service.value][it->second]) return nodes;
      if (report_target_once(t.range, DiagKind::GuardedAwayReference)) {
        Diagnostic& d = diags_.report(DiagKind::GuardedAwayReference, t.range,
                                      fmt::format("'{}.{}' does not exist: its guard is false for "
                                                  "that member",
                                                  inst_.service(missing).name, t.action));
        if (act.when.valid()) d.notes.push_back({m_.expr(act.when).range, "guard declared here"});
      }
    }
    return nodes;
  }

  /// The host a service is placed on, or invalid (unknown service or host: already reported).
  ir::HostId host_of_service(const std::string& name) const {
    Symbol s = names_.lookup(name);
    if (s.kind != SymbolKind::Service) return {};
    return names_.service_host[s.index];
  }

  void event_edges(const ir::Event& ev) {
    if (!ev.kind) return;
    ir::HostId emitter_host = host_of_service(ev.emitter.service);
    ir::HostId subscriber_host = host_of_service(ev.subscriber.service);
    if (!subscriber_host.valid()) return;
    // Both unindexed on the same group: each member's emitter triggers that member's handler.
    bool member_wise =
        emitter_host == subscriber_host && ev.emitter.index_kind == ir::TargetIndex::None &&
        ev.subscriber.index_kind == ir::TargetIndex::None && m_.host(emitter_host).is_group();
    Symbol sub = names_.lookup(ev.subscriber.service);
    auto act = names_.services[sub.index].actions.find(ev.subscriber.action);
    const ir::Action* handler = act == names_.services[sub.index].actions.end()
                                    ? nullptr
                                    : &m_.services[sub.index].actions[act->second];
    if (handler && !handler->handler) {
      if (report_target_once(ev.subscriber.range, DiagKind::SubscriberNotHandler)) {
        Diagnostic& d =
            diags_.report(DiagKind::SubscriberNotHandler, ev.subscriber.range,
                          fmt::format("'{}.{}' is a deploy action; an event can only trigger a "
                                      "handler",
                                      ev.subscriber.service, ev.subscriber.action));
        d.notes.push_back({handler->name_range, "declared as an action here"});
        d.help = fmt::format("declare it 'handler {}' so that it runs only when triggered",
                             handler->name);
      }
      handler = nullptr;
    }
    if (!handler || !emitter_host.valid()) {
      // The emitter's own errors do not depend on the subscriber: report them too.
      if (emitter_host.valid()) {
        Scope member;
        member.host = emitter_host;
        member.member = 0;
        bool away = false;
        target_nodes(ev.emitter, member_wise ? &member : nullptr, WholeService::Last, &away);
      }
      return;
    }
    Symbol emi = names_.lookup(ev.emitter.service);
    if (member_wise) {
      uint32_t n = inst_.service_count(ir::ServiceId{emi.index});
      bool fired = false;
      for (uint32_t k = 0; k < n; ++k) {
        Scope member;
        member.host = emitter_host;
        member.member = k;
        bool away = false;
        std::vector<uint32_t> from = target_nodes(ev.emitter, &member, WholeService::Last, &away);
        bool absent = false;  // a member without the handler: nothing to trigger there
        std::vector<uint32_t> to =
            target_nodes(ev.subscriber, &member, WholeService::Last, &absent);
        for (uint32_t f : from)
          for (uint32_t t : to) trigger(f, t, ev);
        fired = fired || !from.empty();
      }
      if (!fired && n > 0) {
        Scope member;
        member.host = emitter_host;
        member.member = 0;
        never_fires(ev, &member);
      }
      return;
    }
    bool away = false;
    std::vector<uint32_t> from = target_nodes(ev.emitter, nullptr, WholeService::Last, &away);
    bool absent = false;
    std::vector<uint32_t> to = target_nodes(ev.subscriber, nullptr, WholeService::Last, &absent);
    if (away) never_fires(ev, nullptr);
    for (uint32_t f : from)
      for (uint32_t t : to) trigger(f, t, ev);
  }

  void never_fires(const ir::Event& ev, const Scope* scope) {
    if (!report_target_once(ev.emitter.range, DiagKind::EventNeverFires)) return;
    ir::ServiceId service;
    std::vector<ServiceInstanceId> members;
    target_members(ev.emitter, scope, service, members);
    // One named member (`galera[1].bootstrap`) or all of them (`[*]`, or member-wise events).
    std::string where =
        members.size() == 1 && ev.emitter.index_kind == ir::TargetIndex::Expr
            ? fmt::format("'{}.{}'", inst_.service(members[0]).name, ev.emitter.action)
            : fmt::format("'{}.{}' from every member", ev.emitter.service, ev.emitter.action);
    Diagnostic& d = diags_.report(DiagKind::EventNeverFires, ev.emitter.range,
                                  fmt::format("this event never fires: a guard removes {}", where));
    const NameTable& actions = names_.services[service.value].actions;
    auto it = actions.find(ev.emitter.action);
    if (it != actions.end() && m_.service(service).actions[it->second].when.valid()) {
      d.notes.push_back(
          {m_.expr(m_.service(service).actions[it->second].when).range, "guard declared here"});
    }
    d.help = "subscribe to an action that the guard keeps, or remove the event";
  }

  void trigger(uint32_t from, uint32_t to, const ir::Event& ev) {
    edge(from, to, plan::EdgeKind::Event, g_.intern_range(ev.range));
    g_.triggers[to].push_back({from, *ev.kind, ev.range});
  }

  /// A handler also runs after its own service's last deploy action, unless it only handles
  /// failures (then that action may never run), or an event of that action triggers it already.
  void handler_sequence_edges() {
    for (uint32_t h = 0; h < g_.nodes.size(); ++h) {
      const std::vector<NodeTrigger>& triggers = g_.triggers[h];
      if (triggers.empty()) continue;
      uint32_t own = g_.last_deploy[g_.nodes[h].instance.value];
      bool not_only_failed = false, by_own = false;
      for (const NodeTrigger& t : triggers) {
        not_only_failed = not_only_failed || t.event != ir::EventKind::Failed;
        by_own = by_own || t.emitter == own;
      }
      if (not_only_failed && !by_own) {
        edge(own, h, plan::EdgeKind::Sequence,
             action_range_id(inst_.service(g_.nodes[h].instance).service, g_.nodes[h].action));
      }
    }
  }

  void order_edges(const ir::Order& o) {
    std::vector<uint32_t> first, then;
    for (const ir::Target& t : o.first) {
      std::vector<uint32_t> n = target_nodes(t, nullptr, WholeService::Last);
      first.insert(first.end(), n.begin(), n.end());
    }
    for (const ir::Target& t : o.then) {
      std::vector<uint32_t> n = target_nodes(t, nullptr, WholeService::First);
      then.insert(then.end(), n.begin(), n.end());
    }
    if (first.empty() || then.empty()) return;
    uint32_t range = g_.intern_range(o.range);
    if (first.size() > 1 && then.size() > 1) {
      uint32_t b = add_barrier(true);
      for (uint32_t f : first) edge(f, b, plan::EdgeKind::Order, range);
      for (uint32_t t : then) edge(b, t, plan::EdgeKind::Order, range);
      return;
    }
    for (uint32_t f : first)
      for (uint32_t t : then) edge(f, t, plan::EdgeKind::Order, range);
  }

  const ir::Module& m_;
  const Resolution& names_;
  Evaluator& eval_;
  const Instances& inst_;
  DiagnosticEngine& diags_;
  ActionGraph g_;
  std::vector<std::vector<bool>> subscribed_;
  /// By guard expression: its first reference to a secret, if any (names only, so per guard).
  std::unordered_map<uint32_t, ir::ExprId> guard_secret_;
  std::set<std::tuple<uint32_t, uint32_t, uint32_t, int>> reported_;
  /// Indices in g_.ranges: by ExprId, and by service and action (see intern_range for the rest).
  std::vector<uint32_t> expr_range_;
  std::vector<std::vector<uint32_t>> action_range_;
  /// By `after` target naming the same nodes from every instance: its barrier (after_edges).
  std::unordered_map<const ir::Target*, uint32_t> after_barrier_;
  /// By (expression, service, capture, static read): the barrier of a data reference to every
  /// member of that service (data_barrier).
  std::map<std::tuple<uint32_t, uint32_t, bool, bool>, uint32_t> data_barrier_;
  /// Scratch of data_edges (see DataRef).
  std::vector<DataRef> refs_;
  /// By service: its inputs that nothing uses (computed for its first instance).
  std::vector<std::vector<bool>> unused_;
  /// Scratch for one action of one instance.
  std::vector<Dep> deps_;
  std::vector<std::pair<uint32_t, ir::ExprId>> caps_;
  std::vector<std::string> secrets_;
};

}  // namespace

ActionGraph build_action_graph(const ir::Module& module, const Resolution& names, Evaluator& eval,
                               const Instances& instances, DiagnosticEngine& diags,
                               bool keep_commands) {
  return GraphBuilder(module, names, eval, instances, diags, keep_commands).build();
}

}  // namespace baton
