// Reading a parse tree's children by their exact class, without the generated accessors.
#pragma once

#include <typeinfo>

#include "compiler/frontend/antlr_headers.h"

namespace baton {

/// `t` as the parse-tree class T when it is exactly that class, else null. The generated
/// accessors (`ctx->expr()`) dynamic_cast every child, and dynamic_cast across the runtime's
/// shared library compares type names with strcmp: on a 500-line spec that was a fifth of
/// the IR walk. typeid of the exact class is one comparison.
template <typename T>
T* as(antlr4::tree::ParseTree* t) {
  return t && typeid(*t) == typeid(T) ? static_cast<T*>(t) : nullptr;
}

/// The first child of `c` that is exactly a T, or null.
template <typename T>
T* first(antlr4::ParserRuleContext* c) {
  if (!c) return nullptr;
  for (antlr4::tree::ParseTree* child : c->children)
    if (T* t = as<T>(child)) return t;
  return nullptr;
}

/// The token of a child that the parser matched (not an error node), else null.
inline antlr4::Token* matched_token(antlr4::tree::ParseTree* t) {
  if (!t || typeid(*t) != typeid(antlr4::tree::TerminalNodeImpl)) return nullptr;
  return static_cast<antlr4::tree::TerminalNode*>(t)->getSymbol();
}

}  // namespace baton
