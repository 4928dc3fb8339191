// The host attributes that backends read (address, user, port): what values they accept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "analyses/value.h"

namespace baton {

/// The port a value gives: an int from 1 to 65535, or a string of its decimal digits
/// ("2222", what `--param` gives an untyped param); nullopt for anything else.
std::optional<int> port_number(const Value& v);

/// Why `v` cannot be attribute `attr` of host `host` (a message for E0314), or "" when it can
/// or when `attr` is not reserved. `v` is a known value, not an error.
std::string reserved_attr_problem(const std::string& attr, const std::string& host, const Value& v);

}  // namespace baton
