// The evaluator: computes expression values for one place in the expanded spec (a param
// default, a host member's attribute, a service instance's input, command or guard), applying
// the replication rules, and reports type errors once per expression.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "analyses/resolve.h"
#include "analyses/value.h"
#include "compiler/diagnostics.h"
#include "compiler/ir.h"

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
  std::vector<int64_t> group_size;    ///< by HostId: members (1 for plain hosts), -1 unknown
  /// By HostId: the size was erroneous (reported); the group has no members, and indexing it
  /// reports nothing more.
  std::vector<bool> size_error;
  std::vector<uint32_t> host_first;   ///< by HostId: first HostInstance
  std::vector<uint32_t> service_first;  ///< by ServiceId: first ServiceInstance
  std::vector<HostInstance> hosts;
  std::vector<ServiceInstance> services;
  std::vector<CaptureRef> captures;
  bool all_sizes_known = true;

  uint32_t service_count(uint32_t service_id) const;
};

/// A service instance that a value refers to, and where: it becomes a data edge.
struct Dep {
  uint32_t instance;
  SourceRange range;
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

  /// A param's value: --param, else its default, else unknown (known == false).
  const Value& param_value(uint32_t param);
  bool param_missing(uint32_t param);

  /// The instances, once expanded (references to members need them). Sizes the caches of
  /// host attributes and static outputs, which every instance that refers to them shares.
  void set_instances(const Instances* instances);
  const Instances* instances() const { return instances_; }

  /// A host instance's attribute by name ("address", "name", declared ones); unknown if none.
  Value host_attr(uint32_t host_instance, const std::string& attr);
  /// The value of output `output` of service instance `instance`: a capture segment, or the
  /// static value (E0303 when it holds a secret). The instance is appended to `deps`.
  Value output_value(uint32_t instance, uint32_t output, const SourceRange& at, std::vector<Dep>* deps);
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
  /// Entering a value being computed; false (and E0312) when it is already on the stack.
  bool enter(Frame f, SourceRange at, const std::string& what);
  void leave() { stack_.pop_back(); }

  struct Entity;
  Value eval_name(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
  Value eval_member(const ir::Expr& e, ir::ExprId id, const Scope& scope, std::vector<Dep>* deps);
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
  Diagnostic scratch_;
  /// Memoized values: a host instance's attributes and a service instance's static outputs,
  /// at [base of the instance + index]; state 0 not computed, 2 done.
  std::vector<uint32_t> attr_base_, output_base_;
  std::vector<Value> attr_cache_, output_cache_;
  std::vector<uint8_t> attr_done_, output_done_;
};

}  // namespace baton
