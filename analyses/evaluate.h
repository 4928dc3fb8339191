// The evaluator: computes expression values for one place in the expanded spec (a param
// default, a host member's attribute, a service instance's input, command or guard), applying
// the replication rules, and reports type errors once per expression.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyses/eval_scope.h"
#include "analyses/instances.h"
#include "analyses/member_sharing.h"
#include "analyses/resolve.h"
#include "analyses/value.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"

namespace baton {

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
  /// MemberSharing::varies_by_member), it is computed for the first member only and shared by the
  /// others, with the instances it refers to (appended to `deps` each time).
  const Value& eval_instance_ref(ir::ExprId id, const Scope& scope, std::vector<Dep>& deps,
                                 Value& storage);

  /// A param's value: --param, else its default, else unknown (known == false).
  const Value& param_value(ir::ParamId param);
  bool param_missing(ir::ParamId param);

  /// The instances, once expanded (references to members need them). Sizes the caches of
  /// host attributes and static outputs, which every instance that refers to them shares.
  void set_instances(const Instances* instances);
  const Instances* instances() const { return instances_; }

  /// A host instance's attribute by name ("address", "name", declared ones); unknown if none.
  Value host_attr(HostInstanceId host_instance, const std::string& attr);
  /// host_attr, by reference to the kept value when there is one (see eval_ref).
  const Value& host_attr_ref(HostInstanceId host_instance, const std::string& attr, Value& storage);
  /// The value of output `output` of service instance `instance`: a capture segment, or the
  /// static value (E0303 when it holds a secret). The instance is appended to `deps`, with
  /// `at`, the expression that refers to it.
  Value output_value(ServiceInstanceId instance, uint32_t output, ir::ExprId at,
                     std::vector<Dep>* deps);
  /// output_value, by reference to the kept value when there is one (see eval_ref).
  const Value& output_ref(ServiceInstanceId instance, uint32_t output, ir::ExprId at,
                          std::vector<Dep>* deps, Value& storage);
  /// Frees the values kept for service instances (static outputs, values shared by members):
  /// once the action graph is built, the passes read only host attributes. An output read
  /// after this is computed again each time.
  void release_instance_values();
  /// The scope of a service instance.
  Scope instance_scope(ServiceInstanceId instance) const;
  /// Reports `kind` at `at` unless an error was already reported for expression `id` (then
  /// the returned diagnostic is a scratch one that nobody sees).
  Diagnostic* report_once(ir::ExprId id, DiagKind kind, SourceRange at, std::string message);

 private:
  /// The named values that the evaluator computes and that may refer to each other.
  enum class NamedValue : uint8_t { Param, Input, StaticOutput, HostAttribute };
  struct Frame {
    NamedValue kind;
    uint32_t owner;  ///< Param: 0; Input: service instance (service outside instances);
                     ///< StaticOutput: service instance; HostAttribute: host instance
    uint32_t index;  ///< ParamId, input, output or declared attribute index
    bool operator==(const Frame& o) const {
      return kind == o.kind && owner == o.owner && index == o.index;
    }
  };
  struct FrameHash {
    size_t operator()(const Frame& f) const {
      return std::hash<uint64_t>()((uint64_t{f.owner} << 32 | f.index) * 4 +
                                   static_cast<uint64_t>(f.kind));
    }
  };
  /// A named value whose computation was put off because the evaluation was already
  /// kMaxDepth deep: it is computed on its own (settle), and the evaluation that needed it
  /// starts again. `ancestors` are the values that were being computed and wait for it.
  struct Pending {
    Frame frame;
    Scope scope;
    std::vector<Frame> ancestors;
  };
  /// How deep (expressions plus named values) an evaluation may go before a named value that
  /// is not computed yet is put off: the C++ stack never holds more than about twice this
  /// many evaluation frames (an expression is at most kMaxExpressionDepth deep), whatever the
  /// chains of references in the spec.
  static constexpr uint32_t kMaxDepth = 512;

  /// Entering a value being computed; false (and E0312, naming the value `what()`) when it is
  /// already on the stack, or waiting for one that is (a cycle). Also false, with need_ set,
  /// when the evaluation is too deep: the value is computed later on its own.
  template <typename What>
  bool enter(Frame f, SourceRange at, const Scope& scope, What what);
  void leave() {
    stack_.pop_back();
    --depth_;
  }
  /// Runs `compute` (an evaluation from the top: nothing being computed) until it needs no
  /// value that was put off, computing those in between. Dependencies that an attempt appended
  /// to `deps` are dropped before the next one.
  template <typename Compute>
  auto settled(std::vector<Dep>* deps, Compute compute) -> decltype(compute());
  /// Computes the values put off (need_), and those they put off in turn, with an explicit
  /// work stack: the depth of references in the spec never becomes depth of the C++ stack.
  void settle();
  void compute_pending(const Pending& p);

  Value eval_expr(ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  Value eval_node(ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  const Value& ref_expr(ir::ExprId id, const Scope& scope, std::vector<Dep>* deps, Value& storage);
  const Value& compute_param(ir::ParamId param);
  /// The value of input `index` of the scope's service instance. A value computed while
  /// another named value is (an input referred to by inputs) is kept, with the instances it
  /// refers to, so that each input is computed once per instance however often it is used;
  /// `keep` keeps it in any case.
  const Value& input_ref(const Scope& scope, uint32_t index, std::vector<Dep>* deps, Value& storage,
                         bool keep = false);
  const Value& host_attr_lookup(HostInstanceId host_instance, const std::string& attr,
                                Value& storage);
  /// Declared attribute `attr` of a host instance, computed once.
  const Value& attr_ref(HostInstanceId host_instance, uint32_t attr);
  const Value& output_inner(ServiceInstanceId instance, uint32_t output, ir::ExprId at,
                            std::vector<Dep>* deps, Value& storage);

  struct Entity;
  Value eval_name(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  Value eval_member(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  const Value& member_ref(const ir::Expr& e, ir::ExprId id, const Scope& scope,
                          std::vector<Dep>* deps, Value& storage);
  /// `member`: the output or attribute read from the entity, for suggestions ("galera[0].uuid").
  bool entity(ir::ExprId id, const Scope& scope, Entity& out, const std::string& member = "");
  Value compute_host_attr(HostInstanceId host_instance, uint32_t attr);
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
  /// Expressions and named values being evaluated, nested (see kMaxDepth).
  uint32_t depth_ = 0;
  /// The value put off by the current attempt, which then unwinds without keeping anything.
  std::optional<Pending> need_;
  /// The values that wait for a value put off (see Pending): a reference to one is a cycle.
  std::unordered_set<Frame, FrameHash> waiting_;
  /// Inputs kept by input_ref, by (service instance << 32 | input).
  struct KeptInput {
    Value value;
    std::vector<Dep> deps;
  };
  std::unordered_map<uint64_t, KeptInput> kept_inputs_;
  /// Static outputs put off and computed after release_instance_values, by output slot.
  std::unordered_map<uint32_t, Value> late_outputs_;
  std::unordered_set<uint32_t> reported_;
  /// Diagnostics attempted (reported or repeats) and cycles found: a shared value is kept only
  /// when computing it attempted none, so that every member still reports what it would.
  uint64_t attempts_ = 0;
  /// By ExprId of a member access: the output (of a service) or declared attribute (of a
  /// host) it names, kNone if none, for the entity it was last resolved on.
  struct MemberSlot {
    uint32_t entity = kNone;
    bool service = false;
    uint32_t index = kNone;
  };
  std::vector<MemberSlot> member_slot_;
  /// The values shared by the members of a service (eval_instance_ref).
  MemberSharing sharing_;
  /// The kept value `id` reads in `scope` when it is a reference (MemberSharing::Reference) and
  /// the value is already computed (its dependency appended to `deps`); nullptr otherwise.
  const Value* reference_ref(ir::ExprId id, const Scope& scope, std::vector<Dep>& deps);
  Diagnostic scratch_;
  /// Memoized values: a host instance's attributes and a service instance's static outputs,
  /// at [base of the instance + index]; state 0 not computed, 2 done.
  std::vector<uint32_t> attr_base_, output_base_;
  std::vector<Value> attr_cache_, output_cache_;
  std::vector<uint8_t> attr_done_, output_done_;
};

}  // namespace baton
