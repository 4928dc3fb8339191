// The evaluator: computes expression values for one place in the expanded spec (a param
// default, a host member's attribute, a service instance's input, command or guard), applying
// the replication rules, and reports type errors once per expression.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyses/resolve.h"
#include "analyses/value.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"

namespace baton {

inline constexpr uint32_t kNone = UINT32_MAX;

/// Where an expression is evaluated.
struct Scope {
  uint32_t service = kNone;   ///< ServiceId, inside a service
  uint32_t host = kNone;      ///< HostId: the host block, or the service's host
  int64_t member = -1;        ///< member of a group, -1 outside groups
  bool member_known = true;   ///< false for the one representative member of an unsized group
  uint32_t instance = kNone;  ///< service instance (see Instances), when expanded
};

struct HostInstance {
  uint32_t host;   ///< HostId
  int64_t member;  ///< -1 for a plain host
  std::string name;
};

struct ServiceInstance {
  uint32_t service;        ///< ServiceId
  int64_t member;          ///< -1 for a service on a plain host
  uint32_t host_instance;  ///< index in Instances::hosts
  uint32_t first_capture;  ///< index in Instances::captures of its first captured output
  std::string name;
};

struct CaptureRef {
  uint32_t instance;  ///< service instance
  uint32_t output;    ///< output index in the service
};

/// Every host and service instance. A group whose size is unknown (a param with no value
/// under `check`) has one representative member with member_known == false.
struct Instances {
  std::vector<int64_t> group_size;  ///< by HostId: members (1 for plain hosts), -1 unknown
  /// By HostId: the size was erroneous (reported); the group has no members, and indexing it
  /// reports nothing more.
  std::vector<bool> size_error;
  std::vector<uint32_t> host_first;     ///< by HostId: first HostInstance
  std::vector<uint32_t> service_first;  ///< by ServiceId: first ServiceInstance
  std::vector<HostInstance> hosts;
  std::vector<ServiceInstance> services;
  std::vector<CaptureRef> captures;
  bool all_sizes_known = true;

  uint32_t service_count(uint32_t service_id) const;
};

/// A service instance that a value refers to, and where (the referring expression, whose
/// range the data edge keeps).
struct Dep {
  uint32_t instance;
  ir::ExprId at;
};

/// `--param` values, already checked against the declared types, by ParamId.
using ParamInputs = std::vector<std::optional<Value>>;

class Evaluator {
 public:
  Evaluator(const ir::Module& module, const Resolution& names, DiagnosticEngine& diags,
            ParamInputs inputs);

  /// Evaluates `id` in `scope`. Service instances whose outputs the value refers to are
  /// appended to `deps` (when not null).
  Value eval(ir::ExprId id, const Scope& scope, std::vector<Dep>* deps = nullptr);

  /// Like eval, but a value that is already computed and kept (a param, a static output, a
  /// host attribute, through inputs) is returned by reference instead of copied; otherwise the
  /// value is computed into `storage`, and that is returned. The reference stays valid as long
  /// as the evaluator and `storage` do.
  const Value& eval_ref(ir::ExprId id, const Scope& scope, std::vector<Dep>* deps, Value& storage);

  /// eval_ref for an expression of a service (a command's `${}`, an input) in the scope of one
  /// of its instances. When the value cannot differ between the service's members (see
  /// varies_by_member), it is computed for the first member only and shared by the others,
  /// with the instances it refers to (appended to `deps` each time).
  const Value& eval_instance_ref(ir::ExprId id, const Scope& scope, std::vector<Dep>& deps,
                                 Value& storage);

  /// Whether `id`, an expression of service `service`, may have a different value (or refer to
  /// other instances) on different members of the service: it uses `index`, `first` or `host`,
  /// or refers to a member of the same group without an index, directly or through inputs.
  /// Conservative: true when in doubt.
  bool varies_by_member(ir::ExprId id, uint32_t service);

  /// A param's value: --param, else its default, else unknown (known == false).
  const Value& param_value(uint32_t param);
  bool param_missing(uint32_t param);

  /// The instances, once expanded (references to members need them). Sizes the caches of
  /// host attributes and static outputs, which every instance that refers to them shares.
  void set_instances(const Instances* instances);
  const Instances* instances() const { return instances_; }

  /// A host instance's attribute by name ("address", "name", declared ones); unknown if none.
  Value host_attr(uint32_t host_instance, const std::string& attr);
  /// host_attr, by reference to the kept value when there is one (see eval_ref).
  const Value& host_attr_ref(uint32_t host_instance, const std::string& attr, Value& storage);
  /// The value of output `output` of service instance `instance`: a capture segment, or the
  /// static value (E0303 when it holds a secret). The instance is appended to `deps`, with
  /// `at`, the expression that refers to it.
  Value output_value(uint32_t instance, uint32_t output, ir::ExprId at, std::vector<Dep>* deps);
  /// output_value, by reference to the kept value when there is one (see eval_ref).
  const Value& output_ref(uint32_t instance, uint32_t output, ir::ExprId at, std::vector<Dep>* deps,
                          Value& storage);
  /// Frees the values kept for service instances (static outputs, values shared by members):
  /// once the action graph is built, the passes read only host attributes. An output read
  /// after this is computed again each time.
  void release_instance_values();
  /// The scope of a service instance.
  Scope instance_scope(uint32_t instance) const;
  /// Reports `kind` at `at` unless an error was already reported for expression `id` (then
  /// the returned diagnostic is a scratch one that nobody sees).
  Diagnostic* report_once(ir::ExprId id, DiagKind kind, SourceRange at, std::string message);

 private:
  struct Frame {
    int kind;  ///< 0 param, 1 input, 2 static output, 3 host attribute
    uint32_t owner, index;
  };
  /// Entering a value being computed; false (and E0312, naming the value `what()`) when it is
  /// already on the stack.
  template <typename What>
  bool enter(Frame f, SourceRange at, What what);
  void leave() { stack_.pop_back(); }

  struct Entity;
  Value eval_name(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  Value eval_member(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  const Value& member_ref(const ir::Expr& e, ir::ExprId id, const Scope& scope,
                          std::vector<Dep>* deps, Value& storage);
  /// varies_by_member for the base of a member access (`galera`, `db[i]`, `host`, `x[*]`).
  bool entity_varies(ir::ExprId base, uint32_t service);
  /// `member`: the output or attribute read from the entity, for suggestions ("galera[0].uuid").
  bool entity(ir::ExprId id, const Scope& scope, Entity& out, const std::string& member = "");
  Value compute_host_attr(uint32_t host_instance, uint32_t attr);
  /// A member access before expansion (in a param's default or a group size): reported.
  Value before_expansion(ir::ExprId id, const SourceRange& at, const char* what);
  Value eval_string(const ir::Expr& e, const Scope& scope, std::vector<Dep>* deps);
  Value eval_unary(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  Value eval_binary(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  Value eval_index(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  Value eval_call(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  /// A compile-time int for an index: reports and returns nullopt otherwise.
  std::optional<int64_t> static_int(ir::ExprId id, const Scope& scope, const char* what);

  const ir::Module& m_;
  const Resolution& names_;
  DiagnosticEngine& diags_;
  ParamInputs inputs_;
  std::vector<Value> params_;
  std::vector<uint8_t> param_state_;  ///< 0 not computed, 1 computing, 2 done
  const Instances* instances_ = nullptr;
  std::vector<Frame> stack_;
  std::unordered_set<uint32_t> reported_;
  /// Diagnostics attempted (reported or repeats) and cycles found: a shared value is kept only
  /// when computing it attempted none, so that every member still reports what it would.
  uint64_t attempts_ = 0;
  /// By ExprId: varies_by_member, 0 not computed, 1 no, 2 yes, 3 being computed.
  std::vector<uint8_t> varies_;
  /// By ExprId of a member access: the output (of a service) or declared attribute (of a
  /// host) it names, kNone if none, for the entity it was last resolved on.
  struct MemberSlot {
    uint32_t entity = kNone;
    bool service = false;
    uint32_t index = kNone;
  };
  std::vector<MemberSlot> member_slot_;
  /// The values shared by the members of a service (eval_instance_ref), by index in
  /// shared_index_ (by ExprId, kNone when none); a deque, so that references stay valid.
  struct Shared {
    uint32_t service = 0, host = 0;
    Value value;
    std::vector<Dep> deps;
  };
  std::deque<Shared> shared_;
  std::vector<uint32_t> shared_index_;
  /// By ExprId: what an expression of a service instance reads when it is only a reference,
  /// through inputs, to a static output of a service (of the same member, or not replicated)
  /// or to an attribute of the instance's host. Such a value, once computed, is read directly
  /// for the other members (reference_ref), with the same dependency as eval_ref records.
  struct Reference {
    uint8_t state = 0;  ///< 0 not computed, 1 not such a reference, 2 an output, 3 an attribute
    bool same_member = false;  ///< of the member with the instance's index, else member 0
    uint32_t host = 0;         ///< the scope's host it was resolved for
    uint32_t entity = 0;       ///< ServiceId (output) or HostId (attribute)
    uint32_t index = 0;        ///< output or declared attribute
    ir::ExprId member_expr;    ///< the member access, where the dependency is recorded
  };
  std::vector<Reference> references_;
  const Reference& reference(ir::ExprId id, const Scope& scope);
  /// The kept value `id` reads in `scope` when it is such a reference and the value is already
  /// computed (its dependency appended to `deps`); nullptr otherwise.
  const Value* reference_ref(ir::ExprId id, const Scope& scope, std::vector<Dep>& deps);
  Diagnostic scratch_;
  /// Memoized values: a host instance's attributes and a service instance's static outputs,
  /// at [base of the instance + index]; state 0 not computed, 2 done.
  std::vector<uint32_t> attr_base_, output_base_;
  std::vector<Value> attr_cache_, output_cache_;
  std::vector<uint8_t> attr_done_, output_done_;
};

}  // namespace baton
