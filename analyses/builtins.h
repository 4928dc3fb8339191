// The functions that expressions may call, with their arity.
#pragma once

#include <string_view>
#include <vector>

namespace baton {

struct BuiltinFunction {
  std::string_view name;
  int min_args, max_args;
  std::string_view signature;  ///< as shown in help text and docs
};

/// Every builtin, in alphabetical order.
const std::vector<BuiltinFunction>& builtin_functions();
/// The builtin called `name`, or nullptr.
const BuiltinFunction* find_builtin(std::string_view name);

}  // namespace baton
