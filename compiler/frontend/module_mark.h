// A point in the building of a module, to go back to: what the hand-written parser and the
// windows of the ANTLR path undo when a declaration turns out to need the other.
#pragma once

#include <cstddef>
#include <vector>

#include "compiler/frontend/ir_builder.h"
#include "compiler/ir/ir.h"

namespace baton {

/// The sizes of a module's declaration lists and of the imports found so far.
struct ModuleMark {
  size_t exprs, params, hosts, services, events, orders, imports;

  ModuleMark(const ir::Module& m, const std::vector<ImportRequest>& i)
      : exprs(m.exprs.size()),
        params(m.params.size()),
        hosts(m.hosts.size()),
        services(m.services.size()),
        events(m.events.size()),
        orders(m.orders.size()),
        imports(i.size()) {}

  /// Drops everything added to `m` and `i` since the mark.
  void undo(ir::Module& m, std::vector<ImportRequest>& i) const {
    cut(m.exprs, exprs);
    cut(m.params, params);
    cut(m.hosts, hosts);
    cut(m.services, services);
    cut(m.events, events);
    cut(m.orders, orders);
    cut(i, imports);
  }

 private:
  template <typename V>
  static void cut(V& v, size_t n) {
    v.erase(v.begin() + static_cast<std::ptrdiff_t>(n), v.end());
  }
};

}  // namespace baton
