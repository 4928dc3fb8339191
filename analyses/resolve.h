// Name resolution: binds every name in the IR to its declaration and reports duplicates and
// unknown names (with "did you mean" suggestions).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"

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

/// The names declared in one scope (a service's inputs, a host's attributes), each with its
/// index in the declaring vector. A sorted vector: a scope holds a few names, and a flat spec
/// has hundreds of thousands of scopes, for which hash tables cost several times the memory
/// and the time. Each name is there once, with its first declaration.
class NameTable {
 public:
  using Entry = std::pair<std::string, uint32_t>;

  /// Fills the table with the names of `items` (anything with a `name`), at their indices.
  /// Returns the duplicates as (later index, first index), in the order of the later one.
  template <typename T>
  std::vector<std::pair<uint32_t, uint32_t>> build(const std::vector<T>& items) {
    entries_.clear();
    entries_.reserve(items.size());
    for (uint32_t i = 0; i < items.size(); ++i) entries_.emplace_back(items[i].name, i);
    return finish();
  }

  /// The entry of `name`, or end() when it is not declared.
  const Entry* find(std::string_view name) const;
  const Entry* end() const { return nullptr; }
  size_t count(std::string_view name) const { return find(name) ? 1 : 0; }
  size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<uint32_t, uint32_t>> finish();
  std::vector<Entry> entries_;  ///< sorted by name
};

/// Per-service lookup tables: name -> index in the service's vectors.
struct ServiceScope {
  NameTable inputs, outputs, actions;
};

/// The result of resolution: lookup tables and, for each Name expression, what it names.
struct Resolution {
  std::unordered_map<std::string, Symbol> top;  ///< params, hosts, services
  std::vector<ServiceScope> services;           ///< by ServiceId
  std::vector<NameTable> host_attrs;            ///< by HostId
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
