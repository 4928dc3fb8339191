// Every name of a spec: its declarations and, for each, the places that refer to it, built from
// the IR and name resolution. Definition, references, rename, hover and the symbol lists read it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/ir/ir.h"

namespace baton::lsp {

enum class NameKind : uint8_t { Param, Host, HostAttr, Service, Input, Output, Action };
const char* name_kind_word(NameKind kind);

/// A declared name.
struct Declaration {
  NameKind kind;
  std::string name;
  SourceRange name_range;       ///< the name where it is declared
  SourceRange range;            ///< the whole declaration
  uint32_t index = 0;           ///< in the Module's vector, or in its owner's
  uint32_t owner = UINT32_MAX;  ///< the service (inputs, outputs, actions) or host (attributes)
};

/// A place where a name is written: its declaration or a reference to it.
struct Occurrence {
  SourceRange range;
  uint32_t declaration = 0;  ///< index in SymbolIndex::declarations()
};

class SymbolIndex {
 public:
  explicit SymbolIndex(const ir::Module& module);

  const std::vector<Declaration>& declarations() const { return declarations_; }

  /// The occurrence under 1-based `line` and code-point `col` of `file` (a position just after
  /// a name counts as on it), or nullptr.
  const Occurrence* at(FileId file, uint32_t line, uint32_t col) const;

  /// Every occurrence of every name, sorted by place (file, line, column).
  const std::vector<Occurrence>& all_occurrences() const { return occurrences_; }

  /// Every occurrence of declaration `decl`, in source order.
  std::vector<SourceRange> occurrences(uint32_t decl) const;

  /// The declarations of `owner`'s members of `kind`.
  std::vector<uint32_t> members(NameKind kind, uint32_t owner) const;

 private:
  std::vector<Declaration> declarations_;
  std::vector<Occurrence> occurrences_;  ///< sorted by place
};

}  // namespace baton::lsp
