// What the members of a replicated service share (member_sharing.h): the caches, and the
// evaluator's entry point that fills and reads them (Evaluator::eval_instance_ref).
#include "analyses/member_sharing.h"

#include <vector>

#include "analyses/evaluate.h"

namespace baton {

using ir::ExprId;
using ir::ExprKind;

const Value& Evaluator::eval_instance_ref(ExprId id, const Scope& scope, std::vector<Dep>& deps,
                                          Value& storage) {
  // Only from the top (nothing on the stack): a value computed inside another one could be
  // part of a cycle that this member's evaluation must find.
  if (!stack_.empty() || !scope.service.valid() || !scope.instance.valid() || !id.valid())
    return eval_ref(id, scope, &deps, storage);
  // A service with one instance has no other member to share with: keeping its values would
  // only copy them (a flat spec of a million services would keep them all).
  if (instances_ && instances_->service_count(scope.service) <= 1)
    return eval_ref(id, scope, &deps, storage);
  if (sharing_.varies_by_member(id, scope.service)) {
    if (const Value* v = reference_ref(id, scope, deps)) return *v;
    return eval_ref(id, scope, &deps, storage);
  }
  if (const MemberSharing::Shared* shared = sharing_.kept(id)) {
    if (shared->service == scope.service && shared->host == scope.host) {
      deps.insert(deps.end(), shared->deps.begin(), shared->deps.end());
      return shared->value;
    }
    return eval_ref(id, scope, &deps, storage);
  }
  size_t first_dep = deps.size();
  uint64_t attempts = attempts_;
  const Value& v = eval_ref(id, scope, &deps, storage);
  // A value whose computation reported something (or found a repeat) is computed again for each
  // member, as it would be without sharing.
  if (attempts_ != attempts) return v;
  return sharing_.keep(id, scope, v, deps.begin() + static_cast<std::ptrdiff_t>(first_dep),
                       deps.end());
}

const Value* Evaluator::reference_ref(ExprId id, const Scope& scope, std::vector<Dep>& deps) {
  if (!instances_ || !scope.member_known) return nullptr;
  const MemberSharing::Reference& r = sharing_.reference(id, scope);
  if (r.state < 2 || r.host != scope.host || (r.same_member && scope.member < 0)) return nullptr;
  uint32_t member = r.same_member ? static_cast<uint32_t>(scope.member) : 0;
  if (r.state == 2) {
    ir::ServiceId service{r.entity};
    if (member >= instances_->service_count(service)) return nullptr;
    ServiceInstanceId instance = instances_->service_member(service, member);
    uint32_t slot = output_base_[instance.value] + r.index;
    if (slot >= output_done_.size() || !output_done_[slot])
      return nullptr;  // computed the first time by eval_ref
    deps.push_back({instance, r.member_expr});
    return &output_cache_[slot];
  }
  int64_t size = instances_->group_size[r.entity];
  if (member >= static_cast<uint64_t>(size < 0 ? 1 : size)) return nullptr;
  uint32_t slot = attr_base_[instances_->host_member(ir::HostId{r.entity}, member).value] + r.index;
  if (!attr_done_[slot]) return nullptr;
  return &attr_cache_[slot];
}

// ---------------------------------------------------------------- MemberSharing

const Value& MemberSharing::keep(ExprId id, const Scope& scope, const Value& value,
                                 std::vector<Dep>::const_iterator first,
                                 std::vector<Dep>::const_iterator last) {
  if (shared_index_.size() != m_.exprs.size()) shared_index_.assign(m_.exprs.size(), kNone);
  shared_index_[id.value] = static_cast<uint32_t>(shared_.size());
  Shared& shared = shared_.emplace_back();
  shared.service = scope.service;
  shared.host = scope.host;
  shared.value = value;
  shared.deps.assign(first, last);
  return shared.value;
}

void MemberSharing::release() {
  std::deque<Shared>().swap(shared_);
  std::vector<uint32_t>().swap(shared_index_);
}

const MemberSharing::Reference& MemberSharing::reference(ExprId id, const Scope& scope) {
  if (references_.size() != m_.exprs.size()) references_.assign(m_.exprs.size(), Reference{});
  Reference& r = references_[id.value];
  if (r.state != 0) return r;
  r.state = 1;
  // Through inputs (at most one step per input: a cycle is left to eval_ref) to a member access.
  const ir::Service& svc = m_.services[scope.service.value];
  ExprId cur = id;
  for (size_t steps = 0; steps <= svc.inputs.size(); ++steps) {
    const ir::Expr& e = m_.expr(cur);
    if (e.kind != ExprKind::Name) break;
    Symbol sym = names_.names[cur.value];
    if (sym.kind != SymbolKind::Input || sym.index >= svc.inputs.size()) return r;
    cur = svc.inputs[sym.index].value;
    if (!cur.valid()) return r;
  }
  const ir::Expr& e = m_.expr(cur);
  if (e.kind != ExprKind::Member || m_.expr(e.lhs).kind != ExprKind::Name) return r;
  Symbol base = names_.names[e.lhs.value];
  r.member_expr = cur;
  r.host = scope.host;
  switch (base.kind) {
    case SymbolKind::ContextHost: {  // `host.attr`: an attribute this member's host declares
      const NameTable& attrs = names_.host_attrs[scope.host.value];
      auto it = attrs.find(e.name);
      if (it == attrs.end() || e.name == "name") return r;  // `name` is built in
      r.entity = scope.host.value;
      r.index = it->second;
      r.same_member = m_.hosts[scope.host.value].is_group();
      r.state = 3;
      return r;
    }
    case SymbolKind::Service: {  // `svc.out`: a static output, of the same member if replicated
      if (!names_.service_host[base.index].valid()) return r;
      ir::HostId host = names_.service_host[base.index];
      bool group = m_.hosts[host.value].is_group();
      if (group && host != scope.host) return r;  // ambiguous: let eval_ref report it
      auto it = names_.services[base.index].outputs.find(e.name);
      if (it == names_.services[base.index].outputs.end() ||
          m_.services[base.index].outputs[it->second].captured)
        return r;
      r.entity = base.index;
      r.index = it->second;
      r.same_member = group;
      r.state = 2;
      return r;
    }
    default: return r;
  }
}

bool MemberSharing::varies_child(ExprId id, ir::ServiceId service, size_t k, ExprId& next,
                                 bool& varies) {
  const ir::Expr& e = m_.expr(id);
  switch (e.kind) {
    case ExprKind::Error:
    case ExprKind::Int:
    case ExprKind::Bool:
    case ExprKind::Splat: return false;
    case ExprKind::Name: {
      Symbol sym = names_.names[id.value];
      switch (sym.kind) {
        case SymbolKind::Input:
          if (!service.valid() || sym.index >= m_.services[service.value].inputs.size()) {
            varies = true;
            return false;
          }
          next = m_.services[service.value].inputs[sym.index].value;
          return k == 0;
        case SymbolKind::ContextHost:
        case SymbolKind::ContextIndex:
        case SymbolKind::ContextFirst: varies = true; return false;
        default: return false;  // params, `count` (the group's size), and errors
      }
    }
    case ExprKind::Member: {
      // The base of the member access (`galera`, `db[i]`, `host`, `x[*]`).
      const ir::Expr& b = m_.expr(e.lhs);
      switch (b.kind) {
        case ExprKind::Index: next = b.rhs; return k == 0;  // `db[i]`: whatever i is
        case ExprKind::Splat: return false;                 // every member
        case ExprKind::Name: {
          Symbol sym = names_.names[e.lhs.value];
          switch (sym.kind) {
            case SymbolKind::ContextHost: varies = true; break;
            case SymbolKind::Host:  // unindexed: the same member
              varies = m_.hosts[sym.index].is_group();
              break;
            case SymbolKind::Service:
              varies = names_.service_host[sym.index].valid() &&
                       m_.hosts[names_.service_host[sym.index].value].is_group();
              break;
            default: break;  // not an entity: an error, the same for every member
          }
          return false;
        }
        default: varies = true; return false;
      }
    }
    case ExprKind::Index:
    case ExprKind::Unary:
    case ExprKind::Binary:
      if (k > 1) return false;
      next = k == 0 ? e.lhs : e.rhs;
      return true;
    case ExprKind::String:
      if (k >= e.parts.size()) return false;
      next = e.parts[k].expr;
      return true;
    case ExprKind::List:
    case ExprKind::Call:
      if (k >= e.items.size()) return false;
      next = e.items[k];
      return true;
  }
  return false;
}

bool MemberSharing::varies_by_member(ExprId id, ir::ServiceId service) {
  if (!id.valid()) return false;
  if (varies_.size() != m_.exprs.size()) varies_.assign(m_.exprs.size(), 0);
  // State by ExprId: 0 not computed, 1 no, 2 yes, 3 being computed. A reference back into an
  // input being computed varies. Depth first with an explicit stack (chains of inputs are as
  // long as the spec makes them), children in order, stopping at the first that varies.
  if (varies_[id.value] != 0) return varies_[id.value] != 1;
  struct Visit {
    ExprId id;
    size_t next_child = 0;
    bool varies = false;
  };
  std::vector<Visit> stack;
  stack.push_back({id});
  varies_[id.value] = 3;
  while (!stack.empty()) {
    Visit& top = stack.back();
    ExprId child;
    bool more = !top.varies && varies_child(top.id, service, top.next_child++, child, top.varies);
    if (!more || top.varies) {
      bool v = top.varies;
      varies_[top.id.value] = v ? 2 : 1;
      stack.pop_back();
      if (!stack.empty()) stack.back().varies = stack.back().varies || v;
      continue;
    }
    if (!child.valid()) continue;
    uint8_t state = varies_[child.value];
    if (state != 0) {
      top.varies = state != 1;
      continue;
    }
    varies_[child.value] = 3;
    stack.push_back({child});
  }
  return varies_[id.value] == 2;
}

}  // namespace baton
