// The evaluator: values of expressions in a scope, replication rules for references, types.
#include "analyses/evaluate.h"

#include <fmt/format.h>

#include <algorithm>

#include "analyses/builtins.h"
#include "analyses/reserved_host_attrs.h"

namespace baton {

using ir::ExprId;
using ir::ExprKind;
using Kind = Value::Kind;

namespace {

/// The first secret or capture segment of `v` (items included), or nullptr.
const plan::Segment* runtime_segment(const Value& v) {
  for (const plan::Segment& seg : v.text)
    if (seg.kind != plan::Segment::Kind::Text) return &seg;
  for (const Value& item : v.items)
    if (const plan::Segment* seg = runtime_segment(item)) return seg;
  return nullptr;
}

/// Adds a note at the declaration that makes `v` known only at run time: the secret param or
/// the captured output. Errors about such values then show both ends of the flow.
void note_runtime_source(const ir::Module& m, const Instances* inst, const Value& v,
                         Diagnostic* d) {
  const plan::Segment* seg = runtime_segment(v);
  if (!seg) return;
  if (seg->kind == plan::Segment::Kind::Secret) {
    for (const ir::Param& p : m.params) {
      if (p.name == seg->text) {
        d->notes.push_back(
            {p.name_range, "'" + p.name + "' is a secret, supplied only when the plan runs"});
        return;
      }
    }
    return;
  }
  if (!inst || seg->capture >= inst->captures.size()) return;
  const CaptureRef& ref = inst->captures[seg->capture];
  const ServiceInstance& si = inst->service(ref.instance);
  const ir::Output& out = m.services[si.service.value].outputs[ref.output];
  d->notes.push_back(
      {out.range, "'" + si.name + "." + out.name + "' is captured only when the plan runs"});
}

}  // namespace

Evaluator::Evaluator(const ir::Module& module, const Resolution& names, DiagnosticEngine& diags,
                     ParamInputs inputs)
    : m_(module),
      names_(names),
      diags_(diags),
      inputs_(std::move(inputs)),
      sharing_(module, names) {
  inputs_.resize(m_.params.size());
  params_.resize(m_.params.size());
  param_state_.assign(m_.params.size(), 0);
}

Diagnostic* Evaluator::report_once(ExprId id, DiagKind kind, SourceRange at, std::string message) {
  ++attempts_;
  // A repeat goes to a scratch diagnostic, so callers may always set notes and help; so does
  // anything found while unwinding to compute a value put off (it is found again afterwards).
  if (need_ || !reported_.insert(id.value).second) {
    scratch_ = Diagnostic{kind, Severity::Error, at, {}, {}, {}};
    return &scratch_;
  }
  return &diags_.report(kind, at, std::move(message));
}

template <typename What>
bool Evaluator::enter(Frame f, SourceRange at, const Scope& scope, What what) {
  // Unwinding to compute a value put off: nothing more is computed or reported.
  if (need_) return false;
  if (std::find(stack_.begin(), stack_.end(), f) != stack_.end() ||
      (!waiting_.empty() && waiting_.count(f) != 0)) {
    ++attempts_;
    // One report per cycle: the place where it closes.
    uint32_t key = 0x80000000u | (static_cast<uint32_t>(f.kind) << 24) | (f.index & 0xFFFFFF);
    if (reported_.insert(key).second) {
      diags_.report(DiagKind::EvaluationCycle, at, what() + " depends on itself").help =
          "break the cycle: one of the values must not refer back to the other";
    }
    return false;
  }
  // Too deep: put the value off, unless it could not be kept once computed (an input outside
  // service instances, which no expression has).
  bool keepable = f.kind != NamedValue::Input || scope.instance.valid();
  if (depth_ >= kMaxDepth && keepable) {
    ++attempts_;  // a value computed meanwhile is not shared between members
    need_ = Pending{f, scope, stack_};
    return false;
  }
  stack_.push_back(f);
  ++depth_;
  return true;
}

template <typename Compute>
auto Evaluator::settled(std::vector<Dep>* deps, Compute compute) -> decltype(compute()) {
  size_t mark = deps ? deps->size() : 0;
  for (;;) {
    decltype(compute()) v = compute();
    if (!need_) return v;
    if (deps) deps->erase(deps->begin() + static_cast<std::ptrdiff_t>(mark), deps->end());
    settle();
  }
}

void Evaluator::settle() {
  std::vector<Pending> work;
  auto put_off = [&] {
    for (const Frame& f : need_->ancestors) waiting_.insert(f);
    work.push_back(std::move(*need_));
    need_.reset();
  };
  put_off();
  while (!work.empty()) {
    compute_pending(work.back());
    if (need_) {
      put_off();
      continue;
    }
    for (const Frame& f : work.back().ancestors) waiting_.erase(f);
    work.pop_back();
  }
}

void Evaluator::compute_pending(const Pending& p) {
  // One level down, so that the entry points below compute rather than settle again.
  ++depth_;
  Value storage;
  switch (p.frame.kind) {
    case NamedValue::Param: compute_param(ir::ParamId{p.frame.index}); break;
    case NamedValue::Input: input_ref(p.scope, p.frame.index, nullptr, storage, true); break;
    case NamedValue::StaticOutput: {
      const Value& v =
          output_inner(ServiceInstanceId{p.frame.owner}, p.frame.index, ExprId{}, nullptr, storage);
      uint32_t slot = output_base_[p.frame.owner] + p.frame.index;
      if (!need_ && slot >= output_done_.size()) late_outputs_[slot] = v;
      break;
    }
    case NamedValue::HostAttribute: attr_ref(HostInstanceId{p.frame.owner}, p.frame.index); break;
  }
  --depth_;
}

// ---------------------------------------------------------------- params

const Value& Evaluator::param_value(ir::ParamId id) {
  uint32_t p = id.value;
  if (param_state_[p] == 2) return params_[p];
  if (depth_ == 0) return settled(nullptr, [&]() -> const Value& { return compute_param(id); });
  return compute_param(id);
}

const Value& Evaluator::compute_param(ir::ParamId id) {
  uint32_t p = id.value;
  if (param_state_[p] == 2) return params_[p];
  const ir::Param& param = m_.params[p];
  // A param being computed is on the stack: enter() reports the cycle (E0312).
  if (!enter({NamedValue::Param, 0, p}, param.name_range, Scope{},
             [&] { return "param '" + param.name + "'"; })) {
    static const Value kError;
    return kError;
  }
  param_state_[p] = 1;
  Value v;
  if (param.type == ir::Type::Secret) {
    // Secrets have no value at compile time: a symbolic segment, supplied when the plan runs.
    v.kind = Kind::String;
    v.text.push_back({plan::Segment::Kind::Secret, param.name, 0});
  } else if (inputs_[p]) {
    v = *inputs_[p];
  } else if (param.default_value.valid()) {
    v = eval(param.default_value, Scope{});
    if (param.type && !v.is_error()) {
      Kind want = *param.type == ir::Type::Int    ? Kind::Int
                  : *param.type == ir::Type::Bool ? Kind::Bool
                  : *param.type == ir::Type::List ? Kind::List
                                                  : Kind::String;
      if (v.kind != want) {
        Diagnostic* d = report_once(
            param.default_value, DiagKind::TypeMismatch, m_.expr(param.default_value).range,
            fmt::format("param '{}' is declared {} but its default is {}", param.name,
                        ir::type_name(*param.type), kind_name(v.kind)));
        if (d) d->notes.push_back({param.type_range, "type declared here"});
        v = Value::error();
      }
    }
  } else {
    Kind k = !param.type                     ? Kind::String
             : *param.type == ir::Type::Int  ? Kind::Int
             : *param.type == ir::Type::Bool ? Kind::Bool
             : *param.type == ir::Type::List ? Kind::List
                                             : Kind::String;
    v = Value::unknown(k);
  }
  leave();
  if (need_) {
    param_state_[p] = 0;
    static const Value kError;
    return kError;
  }
  params_[p] = std::move(v);
  param_state_[p] = 2;
  return params_[p];
}

bool Evaluator::param_missing(ir::ParamId p) {
  const ir::Param& param = m_.params[p.value];
  return param.type != ir::Type::Secret && !inputs_[p.value] && !param.default_value.valid();
}

// ---------------------------------------------------------------- instances

void Evaluator::set_instances(const Instances* instances) {
  instances_ = instances;
  if (!instances) return;
  attr_base_.resize(instances->hosts.size());
  uint32_t n = 0;
  for (size_t k = 0; k < instances->hosts.size(); ++k) {
    attr_base_[k] = n;
    n += static_cast<uint32_t>(m_.hosts[instances->hosts[k].host.value].attrs.size());
  }
  attr_cache_.assign(n, Value{});
  attr_done_.assign(n, 0);
  output_base_.resize(instances->services.size());
  n = 0;
  for (size_t k = 0; k < instances->services.size(); ++k) {
    output_base_[k] = n;
    n += static_cast<uint32_t>(m_.services[instances->services[k].service.value].outputs.size());
  }
  output_cache_.assign(n, Value{});
  output_done_.assign(n, 0);
}

void Evaluator::release_instance_values() {
  std::vector<Value>().swap(output_cache_);
  std::vector<uint8_t>().swap(output_done_);
  sharing_.release();
  std::unordered_map<uint64_t, KeptInput>().swap(kept_inputs_);
}

Scope Evaluator::instance_scope(ServiceInstanceId instance) const {
  const ServiceInstance& si = instances_->service(instance);
  Scope s;
  s.service = si.service;
  s.host = instances_->host(si.host_instance).host;
  s.member = si.member;
  s.member_known = instances_->group_size[s.host.value] >= 0;
  s.instance = instance;
  return s;
}

Value Evaluator::host_attr(HostInstanceId host_instance, const std::string& attr) {
  Value storage;
  const Value& v = host_attr_ref(host_instance, attr, storage);
  if (&v == &storage) return storage;  // moved, not copied
  return v;
}

const Value& Evaluator::host_attr_ref(HostInstanceId host_instance, const std::string& attr,
                                      Value& storage) {
  if (depth_ == 0) {
    return settled(
        nullptr, [&]() -> const Value& { return host_attr_lookup(host_instance, attr, storage); });
  }
  return host_attr_lookup(host_instance, attr, storage);
}

const Value& Evaluator::host_attr_lookup(HostInstanceId host_instance, const std::string& attr,
                                         Value& storage) {
  const HostInstance& hi = instances_->host(host_instance);
  if (attr == "name") {
    storage = instances_->group_size[hi.host.value] < 0 ? Value::unknown(Kind::String)
                                                        : Value::of_string(hi.name);
    return storage;
  }
  auto it = names_.host_attrs[hi.host.value].find(attr);
  if (it == names_.host_attrs[hi.host.value].end()) {
    if (attr == "address") return host_attr_lookup(host_instance, "name", storage);
    storage = Value::unknown(Kind::String);
    return storage;
  }
  return attr_ref(host_instance, it->second);
}

const Value& Evaluator::attr_ref(HostInstanceId host_instance, uint32_t attr) {
  uint32_t slot = attr_base_[host_instance.value] + attr;
  if (attr_done_[slot]) return attr_cache_[slot];
  Value v = compute_host_attr(host_instance, attr);
  if (need_) {
    static const Value kError;
    return kError;
  }
  attr_cache_[slot] = std::move(v);
  attr_done_[slot] = 1;
  return attr_cache_[slot];
}

Value Evaluator::compute_host_attr(HostInstanceId host_instance, uint32_t attr) {
  const HostInstance& hi = instances_->host(host_instance);
  const ir::Host& h = m_.hosts[hi.host.value];
  const ir::Attr& a = h.attrs[attr];
  Scope s;
  s.host = hi.host;
  s.member = hi.member;
  s.member_known = instances_->group_size[hi.host.value] >= 0;
  if (!enter({NamedValue::HostAttribute, host_instance.value, attr}, a.name_range, s,
             [&] { return "attribute '" + a.name + "' of host '" + h.name + "'"; }))
    return Value::error();
  Value v = eval(a.value, s);
  leave();
  if (need_) return Value::error();
  if (v.has_secret()) {
    Diagnostic* d =
        report_once(a.value, DiagKind::SecretLeak, a.range,
                    fmt::format("attribute '{}' of host '{}' holds a secret", a.name, h.name));
    note_runtime_source(m_, instances_, v, d);
    d->help =
        "host attributes are written into inventories and plans; pass the secret to a service "
        "input instead";
    return Value::error();
  }
  if (v.has_capture()) {
    Diagnostic* d =
        report_once(a.value, DiagKind::RuntimeValueAtCompileTime, a.range,
                    fmt::format("attribute '{}' of host '{}' uses a value known only at run time",
                                a.name, h.name));
    note_runtime_source(m_, instances_, v, d);
    d->help =
        "host attributes are known before anything runs; pass the value to a service input instead";
    return Value::error();
  }
  // What backends read (address, user, port) must have a type they can use.
  if (v.known && !v.is_error()) {
    std::string problem = reserved_attr_problem(a.name, hi.name, v);
    if (!problem.empty()) {
      report_once(a.value, DiagKind::BadHostAttribute, m_.expr(a.value).range, std::move(problem))
          ->help = "backends give '" + a.name + "' to ssh and Ansible";
      return Value::error();
    }
  }
  return v;
}

// ---------------------------------------------------------------- references

/// What the base of a member access names: a service or host, one member or all.
struct Evaluator::Entity {
  bool service = false;  ///< else a host
  uint32_t id = 0;       ///< ServiceId or HostId
  bool all = false;      ///< [*]
  int64_t member = -1;   ///< when !all: the member (-1 for non-replicated)
  bool member_known = true;
};

namespace {
std::string entity_word(bool service) {
  return service ? "service" : "host group";
}
}  // namespace

bool Evaluator::entity(ExprId id, const Scope& scope, Entity& out, const std::string& member) {
  const ir::Expr& e = m_.expr(id);
  ExprId name_id = id;
  if (e.kind == ExprKind::Index || e.kind == ExprKind::Splat) name_id = e.lhs;
  const ir::Expr& name = m_.expr(name_id);
  if (name.kind != ExprKind::Name) return false;
  Symbol sym = names_.names[name_id.value];
  ir::HostId host_of;
  switch (sym.kind) {
    case SymbolKind::Service:
      out.service = true;
      out.id = sym.index;
      host_of = names_.service_host[sym.index];
      break;
    case SymbolKind::Host:
      out.service = false;
      out.id = sym.index;
      host_of = ir::HostId{sym.index};
      break;
    case SymbolKind::ContextHost:
      if (e.kind != ExprKind::Name || !scope.host.valid()) return false;
      out.service = false;
      out.id = scope.host.value;
      out.member = scope.member;
      out.member_known = scope.member_known;
      return true;
    default: return false;
  }
  if (!host_of.valid()) return false;  // placed on an unknown host: already reported
  const ir::Host& group = m_.hosts[host_of.value];
  bool replicated = group.is_group();
  const std::string& what = name.name;
  if (e.kind == ExprKind::Name) {
    if (!replicated) return true;
    // Same group: the unindexed name means this very member.
    if (scope.host == host_of && scope.member >= 0) {
      out.member = scope.member;
      out.member_known = scope.member_known;
      return true;
    }
    Diagnostic* d = report_once(id, DiagKind::AmbiguousReplicatedReference, e.range,
                                entity_word(out.service) + " '" + what +
                                    "' is replicated; this reference does not say which member");
    if (d) {
      d->notes.push_back({group.name_range, "group '" + group.name + "' declared here"});
      std::string rest = member.empty() ? "" : "." + member;
      d->help = "write '" + what + "[0]" + rest + "' for one member or '" + what + "[*]" + rest +
                "' for all of them";
    }
    return false;
  }
  if (!replicated) {
    report_once(id, DiagKind::NotReplicated, e.range,
                std::string(out.service ? "service" : "host") + " '" + what + "' is not replicated")
        ->help = "write '" + what + "' without an index";
    return false;
  }
  if (e.kind == ExprKind::Splat) {
    out.all = true;
    return true;
  }
  std::optional<int64_t> index = static_int(e.rhs, scope, "an index");
  if (!index) return false;
  int64_t size = instances_ ? instances_->group_size[host_of.value] : -1;
  if (instances_ && instances_->size_error[host_of.value]) return false;  // its size was reported
  if (*index < 0 || (size >= 0 && *index >= size)) {
    Diagnostic* d =
        report_once(e.rhs, DiagKind::IndexOutOfRange, m_.expr(e.rhs).range,
                    fmt::format("index {} is out of range for '{}', which has {} member{}", *index,
                                what, std::max<int64_t>(size, 0), size == 1 ? "" : "s"));
    if (d) d->notes.push_back({group.name_range, "group '" + group.name + "' declared here"});
    return false;
  }
  out.member = *index;
  out.member_known = size >= 0;
  return true;
}

std::optional<int64_t> Evaluator::static_int(ExprId id, const Scope& scope, const char* what) {
  Value v = eval(id, scope);
  if (v.is_error()) return std::nullopt;
  const ir::Expr& e = m_.expr(id);
  if (v.kind != Kind::Int) {
    report_once(id, DiagKind::TypeMismatch, e.range,
                fmt::format("{} must be an int, not {}", what, kind_name(v.kind)));
    return std::nullopt;
  }
  if (!v.known) return 0;  // a representative member: any index will do
  return v.i;
}

Value Evaluator::output_value(ServiceInstanceId instance, uint32_t output, ExprId at,
                              std::vector<Dep>* deps) {
  Value storage;
  const Value& v = output_ref(instance, output, at, deps, storage);
  if (&v == &storage) return storage;  // moved, not copied
  return v;
}

const Value& Evaluator::output_ref(ServiceInstanceId instance, uint32_t output, ExprId at,
                                   std::vector<Dep>* deps, Value& storage) {
  if (depth_ == 0) {
    return settled(
        deps, [&]() -> const Value& { return output_inner(instance, output, at, deps, storage); });
  }
  return output_inner(instance, output, at, deps, storage);
}

const Value& Evaluator::output_inner(ServiceInstanceId instance, uint32_t output, ExprId at,
                                     std::vector<Dep>* deps, Value& storage) {
  if (deps) deps->push_back({instance, at});
  const ServiceInstance& si = instances_->service(instance);
  const ir::Service& svc = m_.services[si.service.value];
  const ir::Output& out = svc.outputs[output];
  if (out.captured) {
    uint32_t ordinal = 0;
    for (uint32_t k = 0; k < output; ++k) ordinal += svc.outputs[k].captured;
    storage = Value{};
    storage.kind = Kind::String;
    storage.text.push_back({plan::Segment::Kind::Capture, "", si.first_capture.value + ordinal});
    return storage;
  }
  uint32_t slot = output_base_[instance.value] + output;
  bool kept = slot < output_done_.size();  // not after release_instance_values
  if (kept && output_done_[slot]) return output_cache_[slot];
  if (!kept && !late_outputs_.empty()) {
    auto late = late_outputs_.find(slot);
    if (late != late_outputs_.end()) return late->second;
  }
  Scope scope = instance_scope(instance);
  if (!enter({NamedValue::StaticOutput, instance.value, output}, out.name_range, scope,
             [&] { return "output '" + out.name + "' of '" + svc.name + "'"; })) {
    storage = Value::error();
    return storage;
  }
  Value v = eval(out.value, scope);
  leave();
  if (need_) {
    storage = Value::error();
    return storage;
  }
  if (kept) output_done_[slot] = 1;
  if (v.has_secret()) {
    Diagnostic* d =
        report_once(out.value, DiagKind::SecretLeak, out.range,
                    fmt::format("output '{}' of service '{}' holds a secret", out.name, svc.name));
    note_runtime_source(m_, instances_, v, d);
    d->help =
        "outputs appear in plans and diagrams; pass the secret param to the consumer directly";
    v = Value::error();
  }
  if (!kept) {
    storage = std::move(v);
    return storage;
  }
  output_cache_[slot] = std::move(v);
  return output_cache_[slot];
}

Value Evaluator::before_expansion(ExprId id, const SourceRange& at, const char* what) {
  // Params and group sizes are evaluated before the instances exist: they can use only params
  // and constants. Which of the two this is: a param's frame is on the stack.
  bool in_param = std::any_of(stack_.begin(), stack_.end(),
                              [](const Frame& f) { return f.kind == NamedValue::Param; });
  if (in_param) {
    report_once(id, DiagKind::WrongKind, at,
                std::string("a param's default can use only params and constants, not ") + what)
        ->help = "give the value to the services that need it, as an input";
  } else {
    report_once(id, DiagKind::BadCount, at,
                std::string("a group size can use only params and constants, not ") + what);
  }
  return Value::error();
}

Value Evaluator::eval_member(const ir::Expr& e, ExprId id, const Scope& scope,
                             std::vector<Dep>* deps) {
  Value storage;
  const Value& v = member_ref(e, id, scope, deps, storage);
  if (&v == &storage) return storage;  // moved, not copied
  return v;
}

const Value& Evaluator::member_ref(const ir::Expr& e, ExprId id, const Scope& scope,
                                   std::vector<Dep>* deps, Value& storage) {
  auto put = [&](Value v) -> const Value& {
    storage = std::move(v);
    return storage;
  };
  Entity ent;
  if (!entity(e.lhs, scope, ent, e.name)) return put(Value::error());
  // The output or attribute that the name names, looked up once per expression.
  if (member_slot_.size() != m_.exprs.size()) member_slot_.assign(m_.exprs.size(), MemberSlot{});
  MemberSlot& memo = member_slot_[id.value];
  if (memo.entity != ent.id || memo.service != ent.service) {
    memo.entity = ent.id;
    memo.service = ent.service;
    if (ent.service) {
      auto it = names_.services[ent.id].outputs.find(e.name);
      memo.index = it == names_.services[ent.id].outputs.end() ? kNone : it->second;
    } else {
      // `name` is always the built-in one (see host_attr_ref), even if the host declares one.
      auto it = names_.host_attrs[ent.id].find(e.name);
      memo.index = it == names_.host_attrs[ent.id].end() || e.name == "name" ? kNone : it->second;
    }
  }
  if (ent.service) {
    if (memo.index == kNone) return put(Value::error());  // reported by resolve
    uint32_t out = memo.index;
    if (!instances_) return put(before_expansion(id, e.range, "a service's output"));
    ir::ServiceId service{ent.id};
    uint32_t n = instances_->service_count(service);
    if (n == 0)
      return put(ent.all ? [] { Value l; l.kind = Kind::List; return l; }() : Value::error());
    if (ent.all) {
      Value list;
      list.kind = Kind::List;
      const ServiceInstance& first = instances_->service(instances_->service_member(service, 0));
      bool known = instances_->group_size[instances_->host(first.host_instance).host.value] >= 0;
      list.items.reserve(n);
      for (uint32_t k = 0; k < n; ++k)
        list.items.push_back(output_value(instances_->service_member(service, k), out, id, deps));
      if (!known) return put(Value::unknown(Kind::List));
      return put(std::move(list));
    }
    uint32_t member = ent.member < 0 || !ent.member_known ? 0 : static_cast<uint32_t>(ent.member);
    if (member >= n) return put(Value::error());
    return output_ref(instances_->service_member(service, member), out, id, deps, storage);
  }
  // A host attribute.
  if (!instances_) return put(before_expansion(id, e.range, "a host attribute"));
  ir::HostId host{ent.id};
  int64_t size = instances_->group_size[ent.id];
  uint32_t n = size < 0 ? 1 : static_cast<uint32_t>(size);
  if (ent.all) {
    if (size < 0) return put(Value::unknown(Kind::List));
    Value list;
    list.kind = Kind::List;
    list.items.reserve(n);
    for (uint32_t k = 0; k < n; ++k)
      list.items.push_back(host_attr(instances_->host_member(host, k), e.name));
    return put(std::move(list));
  }
  uint32_t member = ent.member < 0 || !ent.member_known ? 0 : static_cast<uint32_t>(ent.member);
  if (member >= n) return put(Value::error());
  HostInstanceId instance = instances_->host_member(host, member);
  if (memo.index != kNone && instances_) {  // a declared attribute, computed already
    uint32_t slot = attr_base_[instance.value] + memo.index;
    if (attr_done_[slot]) return attr_cache_[slot];
  }
  return host_attr_ref(instance, e.name, storage);
}

const Value& Evaluator::eval_ref(ExprId id, const Scope& scope, std::vector<Dep>* deps,
                                 Value& storage) {
  if (depth_ == 0) {
    return settled(deps, [&]() -> const Value& { return ref_expr(id, scope, deps, storage); });
  }
  return ref_expr(id, scope, deps, storage);
}

const Value& Evaluator::ref_expr(ExprId id, const Scope& scope, std::vector<Dep>* deps,
                                 Value& storage) {
  if (id.valid()) {
    const ir::Expr& e = m_.expr(id);
    if (e.kind == ExprKind::Member) return member_ref(e, id, scope, deps, storage);
    if (e.kind == ExprKind::Name) {
      Symbol sym = names_.names[id.value];
      if (sym.kind == SymbolKind::Param) return param_value(ir::ParamId{sym.index});
      if (sym.kind == SymbolKind::Input) return input_ref(scope, sym.index, deps, storage);
    }
  }
  storage = eval_expr(id, scope, deps);
  return storage;
}

const Value& Evaluator::input_ref(const Scope& scope, uint32_t index, std::vector<Dep>* deps,
                                  Value& storage, bool keep) {
  const ir::Input& in = m_.services[scope.service.value].inputs[index];
  uint64_t key = uint64_t{scope.instance.value} << 32 | index;
  if (scope.instance.valid() && !kept_inputs_.empty()) {
    auto it = kept_inputs_.find(key);
    if (it != kept_inputs_.end()) {
      if (deps) deps->insert(deps->end(), it->second.deps.begin(), it->second.deps.end());
      return it->second.value;
    }
  }
  uint32_t owner = scope.instance.valid() ? scope.instance.value : scope.service.value;
  if (!enter({NamedValue::Input, owner, index}, in.name_range, scope,
             [&] { return "input '" + in.name + "'"; })) {
    storage = Value::error();
    return storage;
  }
  keep = scope.instance.valid() && (keep || stack_.size() > 1);
  if (!keep) {
    const Value& v = ref_expr(in.value, scope, deps, storage);
    leave();
    return v;
  }
  std::vector<Dep> refers;
  const Value& v = ref_expr(in.value, scope, &refers, storage);
  leave();
  if (need_) return v;
  // An input used twice by another refers to the same instances twice: keep each once (the
  // action graph keeps one edge per instance, from the first place that refers to it).
  std::vector<Dep> once;
  std::unordered_set<uint64_t> seen;
  for (const Dep& d : refers)
    if (seen.insert(uint64_t{d.instance.value} << 32 | d.at.value).second) once.push_back(d);
  KeptInput& kept = kept_inputs_[key];
  kept.value = v;
  kept.deps = std::move(once);
  if (deps) deps->insert(deps->end(), kept.deps.begin(), kept.deps.end());
  return kept.value;
}

Value Evaluator::eval_name(const ir::Expr& e, ExprId id, const Scope& scope,
                           std::vector<Dep>* deps) {
  Symbol sym = names_.names[id.value];
  switch (sym.kind) {
    case SymbolKind::Param: return param_value(ir::ParamId{sym.index});
    case SymbolKind::Input: {
      Value storage;
      const Value& v = input_ref(scope, sym.index, deps, storage);
      if (&v == &storage) return storage;  // moved, not copied
      return v;
    }
    case SymbolKind::ContextIndex:
      if (!scope.member_known) return Value::unknown(Kind::Int);
      return Value::of_int(scope.member < 0 ? 0 : scope.member);
    case SymbolKind::ContextCount: {
      if (!scope.member_known || !instances_ || !scope.host.valid())
        return Value::unknown(Kind::Int);
      int64_t size = instances_->group_size[scope.host.value];
      return size < 0 ? Value::unknown(Kind::Int) : Value::of_int(size);
    }
    case SymbolKind::ContextFirst:
      if (!scope.member_known) return Value::unknown(Kind::Bool);
      return Value::of_bool(scope.member <= 0);
    default: (void)e; return Value::error();  // reported by resolve
  }
}

// ---------------------------------------------------------------- operators and strings

Value Evaluator::eval_string(const ir::Expr& e, const Scope& scope, std::vector<Dep>* deps) {
  Value out;
  out.kind = Kind::String;
  // Text is gathered here and becomes a segment only before a run-time segment and at the end:
  // the same segments as appending each piece, without growing one segment piece by piece.
  std::string text;
  auto flush = [&] {
    if (text.empty()) return;
    if (!out.text.empty() && out.text.back().kind == plan::Segment::Kind::Text) {
      out.text.back().text += text;
    } else {
      out.text.push_back({plan::Segment::Kind::Text, std::move(text), 0});
    }
    text.clear();
  };
  for (const ir::StringPart& part : e.parts) {
    if (!part.expr.valid()) {
      text += part.text;
      continue;
    }
    Value storage;
    const Value& v = eval_ref(part.expr, scope, deps, storage);
    if (v.is_error()) return v;
    if (v.kind == Kind::List) {
      report_once(part.expr, DiagKind::ListInString, m_.expr(part.expr).range,
                  "a list cannot be interpolated into a string")
          ->help = "join it: ${join(list, \" \")}";
      return Value::error();
    }
    if (!v.known) out.known = false;
    if (v.kind != Kind::String) {
      text += v.plain_text();
      continue;
    }
    for (const plan::Segment& seg : v.text) {
      if (seg.kind == plan::Segment::Kind::Text) {
        text += seg.text;
      } else {
        flush();
        out.text.push_back(seg);
      }
    }
  }
  flush();
  return out;
}

namespace {
bool checked_arith(ir::BinaryOp op, int64_t a, int64_t b, int64_t& r) {
  switch (op) {
    case ir::BinaryOp::Add: return !__builtin_add_overflow(a, b, &r);
    case ir::BinaryOp::Sub: return !__builtin_sub_overflow(a, b, &r);
    case ir::BinaryOp::Mul: return !__builtin_mul_overflow(a, b, &r);
    case ir::BinaryOp::Div:
      if (b == 0 || (a == INT64_MIN && b == -1)) return false;
      r = a / b;
      return true;
    case ir::BinaryOp::Mod:
      if (b == 0 || (a == INT64_MIN && b == -1)) return false;
      r = a % b;
      return true;
    default: return false;
  }
}

}  // namespace

Value Evaluator::eval_unary(const ir::Expr& e, ExprId id, const Scope& scope,
                            std::vector<Dep>* deps) {
  Value v = eval(e.lhs, scope, deps);
  if (v.is_error()) return v;
  Kind want = e.unary_op == ir::UnaryOp::Not ? Kind::Bool : Kind::Int;
  if (v.kind != want) {
    Diagnostic* d = report_once(id, DiagKind::BadOperand, e.range,
                                fmt::format("'{}' needs {}, not {}", ir::op_text(e.unary_op),
                                            kind_name(want), kind_name(v.kind)));
    if (d) d->notes.push_back({m_.expr(e.lhs).range, std::string("this is ") + kind_name(v.kind)});
    return Value::error();
  }
  if (!v.known) return v;
  if (e.unary_op == ir::UnaryOp::Not) return Value::of_bool(!v.b);
  if (v.i == INT64_MIN) {
    report_once(id, DiagKind::ArithmeticError, e.range, "integer overflow");
    return Value::error();
  }
  return Value::of_int(-v.i);
}

Value Evaluator::eval_binary(const ir::Expr& e, ExprId id, const Scope& scope,
                             std::vector<Dep>* deps) {
  using Op = ir::BinaryOp;
  Op op = e.binary_op;
  Value a = eval(e.lhs, scope, deps);
  if (a.is_error()) return a;
  if (op == Op::And || op == Op::Or) {
    if (a.kind == Kind::Bool && a.known && (op == Op::And ? !a.b : a.b)) {
      // Short-circuit, but still check the other side's type (`false && 5` is an error).
      Value b = eval(e.rhs, scope, nullptr);
      if (!b.is_error() && b.kind != Kind::Bool) {
        Diagnostic* d = report_once(
            id, DiagKind::BadOperand, e.range,
            fmt::format("cannot apply '{}' to bool and {}", ir::op_text(op), kind_name(b.kind)));
        d->notes.push_back({m_.expr(e.lhs).range, "this is bool"});
        d->notes.push_back({m_.expr(e.rhs).range, std::string("this is ") + kind_name(b.kind)});
        return Value::error();
      }
      return a;
    }
  }
  Value b = eval(e.rhs, scope, deps);
  if (b.is_error()) return b;
  const SourceRange& ra = m_.expr(e.lhs).range;
  const SourceRange& rb = m_.expr(e.rhs).range;
  auto bad = [&](const std::string& why) {
    Diagnostic* d = report_once(id, DiagKind::BadOperand, e.range,
                                fmt::format("cannot apply '{}' to {} and {}{}", ir::op_text(op),
                                            kind_name(a.kind), kind_name(b.kind), why));
    if (d) {
      d->notes.push_back({ra, std::string("this is ") + kind_name(a.kind)});
      d->notes.push_back({rb, std::string("this is ") + kind_name(b.kind)});
    }
    return Value::error();
  };
  auto runtime = [&]() {
    Diagnostic* d = report_once(
        id, DiagKind::RuntimeValueAtCompileTime, e.range,
        std::string("'") + ir::op_text(op) +
            "' needs values known at compile time, and one side is known only at run time");
    note_runtime_source(m_, instances_, a.has_runtime() ? a : b, d);
    d->help = "compare in the shell command instead";
    return Value::error();
  };
  switch (op) {
    case Op::And:
    case Op::Or:
      if (a.kind != Kind::Bool || b.kind != Kind::Bool) return bad("");
      if (!a.known || !b.known) return Value::unknown(Kind::Bool);
      return Value::of_bool(op == Op::And ? (a.b && b.b) : (a.b || b.b));
    case Op::Eq:
    case Op::Ne:
      if (a.kind != b.kind) return bad(": compare values of the same type");
      if (a.has_runtime() || b.has_runtime()) return runtime();
      if (!a.known || !b.known) return Value::unknown(Kind::Bool);
      return Value::of_bool(values_equal(a, b) == (op == Op::Eq));
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: {
      if (a.kind != Kind::Int || b.kind != Kind::Int) return bad(": ordering compares ints");
      if (!a.known || !b.known) return Value::unknown(Kind::Bool);
      bool r = op == Op::Lt   ? a.i < b.i
               : op == Op::Le ? a.i <= b.i
               : op == Op::Gt ? a.i > b.i
                              : a.i >= b.i;
      return Value::of_bool(r);
    }
    case Op::Add:
      if (a.kind == Kind::String && b.kind == Kind::String) {
        Value r = a;
        r.known = a.known && b.known;
        append_word(r.text, b.text);
        return r;
      }
      if (a.kind == Kind::List && b.kind == Kind::List) {
        if (!a.known || !b.known) return Value::unknown(Kind::List);
        Value r = a;
        r.items.insert(r.items.end(), b.items.begin(), b.items.end());
        return r;
      }
      [[fallthrough]];
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Mod: {
      if (a.kind != Kind::Int || b.kind != Kind::Int) {
        return bad(a.kind == Kind::String || b.kind == Kind::String
                       ? ": convert with str() or int()"
                       : "");
      }
      if (!a.known || !b.known) return Value::unknown(Kind::Int);
      int64_t r = 0;
      if (!checked_arith(op, a.i, b.i, r)) {
        bool zero = (op == Op::Div || op == Op::Mod) && b.i == 0;
        report_once(id, DiagKind::ArithmeticError, e.range,
                    zero ? "division by zero" : "integer overflow");
        return Value::error();
      }
      return Value::of_int(r);
    }
  }
  return Value::error();
}

Value Evaluator::eval_index(const ir::Expr& e, ExprId id, const Scope& scope,
                            std::vector<Dep>* deps) {
  const ir::Expr& base = m_.expr(e.lhs);
  if (base.kind == ExprKind::Name) {
    SymbolKind k = names_.names[e.lhs.value].kind;
    if (k == SymbolKind::Service || k == SymbolKind::Host)
      return Value::error();  // reported by resolve
  }
  Value list = eval(e.lhs, scope, deps);
  if (list.is_error()) return list;
  if (list.kind != Kind::List) {
    report_once(id, DiagKind::TypeMismatch, base.range,
                std::string("only lists can be indexed, and this is ") + kind_name(list.kind));
    return Value::error();
  }
  std::optional<int64_t> index = static_int(e.rhs, scope, "an index");
  if (!index) return Value::error();
  if (!list.known) return Value::unknown(Kind::String);
  if (*index < 0 || *index >= static_cast<int64_t>(list.items.size())) {
    report_once(e.rhs, DiagKind::IndexOutOfRange, m_.expr(e.rhs).range,
                fmt::format("index {} is out of range for a list of {} item{}", *index,
                            list.items.size(), list.items.size() == 1 ? "" : "s"));
    return Value::error();
  }
  return list.items[*index];
}

namespace {

/// A builtin's call as its implementation sees it: the checks report at the call's arguments,
/// once per expression, through the evaluator.
class CallSite final : public BuiltinCall {
 public:
  CallSite(Evaluator& eval, const ir::Module& m, const Instances* instances, const ir::Expr& e,
           ExprId id, const BuiltinFunction& f, std::vector<Value> args)
      : BuiltinCall(std::move(args)),
        eval_(eval),
        m_(m),
        instances_(instances),
        e_(e),
        id_(id),
        f_(f) {}

  bool arg_type(size_t k, std::initializer_list<Kind> ok) override {
    for (Kind want : ok)
      if (args[k].kind == want) return true;
    std::string names;
    for (Kind want : ok) names += fmt::format("{}{}", names.empty() ? "" : " or ", kind_name(want));
    eval_
        .report_once(e_.items[k], DiagKind::TypeMismatch, m_.expr(e_.items[k]).range,
                     fmt::format("argument {} of '{}' must be {}, not {}", k + 1, e_.name, names,
                                 kind_name(args[k].kind)))
        ->help = std::string(f_.signature);
    return false;
  }

  bool compile_time(size_t k) override {
    if (!args[k].has_runtime()) return true;
    Diagnostic* d = eval_.report_once(
        id_, DiagKind::RuntimeValueAtCompileTime, m_.expr(e_.items[k]).range,
        fmt::format("'{}' needs a value known at compile time, and this one is known only at run "
                    "time",
                    e_.name));
    note_runtime_source(m_, instances_, args[k], d);
    return false;
  }

  void report_argument(size_t k, DiagKind kind, std::string message) override {
    eval_.report_once(e_.items[k], kind, m_.expr(e_.items[k]).range, std::move(message));
  }

  void report_call(DiagKind kind, std::string message) override {
    eval_.report_once(id_, kind, e_.range, std::move(message));
  }

 private:
  Evaluator& eval_;
  const ir::Module& m_;
  const Instances* instances_;
  const ir::Expr& e_;
  ExprId id_;
  const BuiltinFunction& f_;
};

}  // namespace

Value Evaluator::eval_call(const ir::Expr& e, ExprId id, const Scope& scope,
                           std::vector<Dep>* deps) {
  const BuiltinFunction* f = find_builtin(e.name);
  if (!f || static_cast<int>(e.items.size()) < f->min_args ||
      static_cast<int>(e.items.size()) > f->max_args)
    return Value::error();  // reported by resolve
  std::vector<Value> args;
  for (ExprId a : e.items) {
    args.push_back(eval(a, scope, deps));
    if (args.back().is_error()) return Value::error();
  }
  CallSite call(*this, m_, instances_, e, id, *f, std::move(args));
  return f->call(call);
}

// ---------------------------------------------------------------- dispatch

Value Evaluator::eval(ExprId id, const Scope& scope, std::vector<Dep>* deps) {
  if (depth_ == 0) return settled(deps, [&] { return eval_expr(id, scope, deps); });
  return eval_expr(id, scope, deps);
}

Value Evaluator::eval_expr(ExprId id, const Scope& scope, std::vector<Dep>* deps) {
  ++depth_;
  Value v = eval_node(id, scope, deps);
  --depth_;
  return v;
}

Value Evaluator::eval_node(ExprId id, const Scope& scope, std::vector<Dep>* deps) {
  if (!id.valid()) return Value::error();
  const ir::Expr& e = m_.expr(id);
  switch (e.kind) {
    case ExprKind::Error: return Value::error();
    case ExprKind::Int: return Value::of_int(e.int_value);
    case ExprKind::Bool: return Value::of_bool(e.bool_value);
    case ExprKind::String: return eval_string(e, scope, deps);
    case ExprKind::List: {
      Value list;
      list.kind = Kind::List;
      for (ExprId item : e.items) {
        list.items.push_back(eval(item, scope, deps));
        if (list.items.back().is_error()) return Value::error();
        if (list.items.back().kind == Kind::List) {
          report_once(item, DiagKind::TypeMismatch, m_.expr(item).range,
                      "a list cannot hold a list")
              ->help = "concatenate lists with +";
          return Value::error();
        }
        if (!list.items.back().known) list.known = false;
      }
      return list;
    }
    case ExprKind::Name: return eval_name(e, id, scope, deps);
    case ExprKind::Member: return eval_member(e, id, scope, deps);
    case ExprKind::Index: return eval_index(e, id, scope, deps);
    case ExprKind::Splat: return Value::error();  // only meaningful under a member access
    case ExprKind::Unary: return eval_unary(e, id, scope, deps);
    case ExprKind::Binary: return eval_binary(e, id, scope, deps);
    case ExprKind::Call: return eval_call(e, id, scope, deps);
  }
  return Value::error();
}

}  // namespace baton
