// What the members of a replicated service share: a value that cannot differ between them
// (varies_by_member) is computed for the first member and read by the others, and a value that
// is only a reference to a kept output or attribute is read directly. MemberSharing holds the
// caches for both and works out from the IR alone what may be shared; the evaluator, which
// holds one, computes the values (Evaluator::eval_instance_ref, in member_sharing.cpp).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "analyses/eval_scope.h"
#include "analyses/resolve.h"
#include "analyses/value.h"
#include "compiler/ir/ir.h"

namespace baton {

class MemberSharing {
 public:
  MemberSharing(const ir::Module& module, const Resolution& names) : m_(module), names_(names) {}

  /// Whether `id`, an expression of service `service`, may have a different value (or refer to
  /// other instances) on different members of the service: it uses `index`, `first` or `host`,
  /// or refers to a member of the same group without an index, directly or through inputs.
  /// Conservative: true when in doubt.
  bool varies_by_member(ir::ExprId id, ir::ServiceId service);

  /// A value computed for one member of a service, with the instances it refers to.
  struct Shared {
    ir::ServiceId service;
    ir::HostId host;
    Value value;
    std::vector<Dep> deps;
  };
  /// The value kept for `id` (for whichever service and host it was computed), or nullptr.
  const Shared* kept(ir::ExprId id) const {
    return id.value < shared_index_.size() && shared_index_[id.value] != kNone
               ? &shared_[shared_index_[id.value]]
               : nullptr;
  }
  /// Keeps `value`, with the dependencies [first, last), as the value of `id` for the members
  /// of the scope's service on the scope's host; the reference stays valid until release().
  const Value& keep(ir::ExprId id, const Scope& scope, const Value& value,
                    std::vector<Dep>::const_iterator first, std::vector<Dep>::const_iterator last);
  /// Frees the values kept (once the action graph is built, nothing reads them again).
  void release();

  /// What an expression of a service instance reads when it is only a reference, through
  /// inputs, to a static output of a service (of the same member, or not replicated) or to an
  /// attribute of the instance's host. Such a value, once computed, is read directly for the
  /// other members (Evaluator::reference_ref), with the same dependency as eval_ref records.
  struct Reference {
    uint8_t state = 0;  ///< 0 not computed, 1 not such a reference, 2 an output, 3 an attribute
    bool same_member = false;  ///< of the member with the instance's index, else member 0
    ir::HostId host;           ///< the scope's host it was resolved for
    uint32_t entity = 0;       ///< ServiceId (output) or HostId (attribute)
    uint32_t index = 0;        ///< output or declared attribute
    ir::ExprId member_expr;    ///< the member access, where the dependency is recorded
  };
  /// The Reference of `id` in `scope`, worked out on first use (by ExprId).
  const Reference& reference(ir::ExprId id, const Scope& scope);

 private:
  /// For varies_by_member: the `k`th expression that `id` varies with, if it has one, in
  /// `next`; else whether `id` varies whatever those do in `varies`.
  bool varies_child(ir::ExprId id, ir::ServiceId service, size_t k, ir::ExprId& next, bool& varies);

  const ir::Module& m_;
  const Resolution& names_;
  /// By ExprId: varies_by_member, 0 not computed, 1 no, 2 yes, 3 being computed.
  std::vector<uint8_t> varies_;
  /// The values kept, by index in shared_index_ (by ExprId, kNone when none); a deque, so that
  /// references stay valid.
  std::deque<Shared> shared_;
  std::vector<uint32_t> shared_index_;
  /// By ExprId: see Reference.
  std::vector<Reference> references_;
};

}  // namespace baton
