// Name resolution: binds every name in the IR to its declaration and reports duplicates and
// unknown names (with "did you mean" suggestions).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/diagnostics.h"
#include "compiler/ir.h"

namespace baton {

/// What a name refers to.
enum class SymbolKind : uint8_t {
  None,          ///< unresolved (already reported) or not a name
  Param,         ///< index: ParamId
  Host,          ///< index: HostId
  Service,       ///< index: ServiceId
  Input,         ///< index: input index in the enclosing service
  ContextHost,   ///< `host` inside a service
  ContextIndex,  ///< `index`: the member's position in its group (0 outside groups)
  ContextCount,  ///< `count`: the size of the group (1 outside groups)
  ContextFirst,  ///< `first`: index == 0
};

struct Symbol {
  SymbolKind kind = SymbolKind::None;
  uint32_t index = 0;
};

/// Per-service lookup tables: name -> index in the service's vectors.
struct ServiceScope {
  std::unordered_map<std::string, uint32_t> inputs, outputs, actions;
};

/// The result of resolution: lookup tables and, for each Name expression, what it names.
struct Resolution {
  std::unordered_map<std::string, Symbol> top;  ///< params, hosts, services
  std::vector<ServiceScope> services;           ///< by ServiceId
  std::vector<std::unordered_map<std::string, uint32_t>> host_attrs;  ///< by HostId
  std::vector<Symbol> names;                    ///< by ExprId; None for non-Name exprs
  std::vector<ir::HostId> service_host;         ///< by ServiceId; invalid if unknown

  Symbol lookup(const std::string& name) const {
    auto it = top.find(name);
    return it == top.end() ? Symbol{} : it->second;
  }
};

/// Host attributes every host has, declared or not: `name` and `address` (defaults to name).
bool is_builtin_host_attr(const std::string& attr);

/// Resolves every name in `module`, reporting problems in `diags`.
Resolution resolve_names(const ir::Module& module, DiagnosticEngine& diags);

}  // namespace baton
