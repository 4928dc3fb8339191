// The table of builtin functions (their evaluation lives with the evaluator).
#include "analyses/builtins.h"

namespace baton {

const std::vector<BuiltinFunction>& builtin_functions() {
  static const std::vector<BuiltinFunction> kFunctions = {
      {"contains", 2, 2, "contains(list, value) -> bool"},
      {"int", 1, 1, "int(string|int) -> int"},
      {"join", 1, 2, "join(list, separator = \" \") -> string"},
      {"len", 1, 1, "len(list|string) -> int"},
      {"lower", 1, 1, "lower(string) -> string"},
      {"replace", 3, 3, "replace(string, old, new) -> string"},
      {"str", 1, 1, "str(value) -> string"},
      {"upper", 1, 1, "upper(string) -> string"},
  };
  return kFunctions;
}

const BuiltinFunction* find_builtin(std::string_view name) {
  for (const BuiltinFunction& f : builtin_functions())
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace baton
