// The functions that expressions may call: one table of name, arity, signature and
// implementation.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyses/value.h"
#include "compiler/diagnostics/diagnostics.h"

namespace baton {

/// A call as a builtin's implementation sees it: the arguments' values (none an error), and
/// the checks, which report at the call's place once per expression (the evaluator implements
/// them).
class BuiltinCall {
 public:
  explicit BuiltinCall(std::vector<Value> arguments) : args(std::move(arguments)) {}
  BuiltinCall(const BuiltinCall&) = delete;
  BuiltinCall& operator=(const BuiltinCall&) = delete;

  std::vector<Value> args;

  /// Whether argument `k` has one of the kinds `ok`; E0301 at the argument, with the
  /// function's signature, otherwise.
  virtual bool arg_type(size_t k, std::initializer_list<Value::Kind> ok) = 0;
  /// Whether argument `k` is known at compile time; E0304 at it otherwise.
  virtual bool compile_time(size_t k) = 0;
  /// Reports `kind` at argument `k`.
  virtual void report_argument(size_t k, DiagKind kind, std::string message) = 0;
  /// Reports `kind` at the whole call.
  virtual void report_call(DiagKind kind, std::string message) = 0;

 protected:
  ~BuiltinCall() = default;
};

struct BuiltinFunction {
  std::string_view name;
  int min_args, max_args;
  std::string_view signature;  ///< as shown in help text and docs
  /// The value of a call with an accepted number of arguments; an error value once reported.
  Value (*call)(BuiltinCall& call);
};

/// Every builtin, in alphabetical order.
const std::vector<BuiltinFunction>& builtin_functions();
/// The builtin called `name`, or nullptr.
const BuiltinFunction* find_builtin(std::string_view name);

}  // namespace baton
