// Where the evaluator computes a value (Scope), and the service instances a value refers to
// (Dep): what the evaluator and the caches beside it (member_sharing.h) have in common.
#pragma once

#include <cstdint>

#include "analyses/instances.h"
#include "compiler/ir/ir.h"

namespace baton {

/// "None" for the plain indices that are not typed ids (graph nodes, slots, positions).
inline constexpr uint32_t kNone = UINT32_MAX;

/// Where an expression is evaluated.
struct Scope {
  ir::ServiceId service;       ///< inside a service
  ir::HostId host;             ///< the host block, or the service's host
  int64_t member = -1;         ///< member of a group, -1 outside groups
  bool member_known = true;    ///< false for the one representative member of an unsized group
  ServiceInstanceId instance;  ///< when expanded
};

/// A service instance that a value refers to, and where (the referring expression, whose
/// range the data edge keeps).
struct Dep {
  ServiceInstanceId instance;
  ir::ExprId at;
};

}  // namespace baton
