// The host attributes that backends read (address, user, port): what values they accept.
#include "analyses/reserved_host_attrs.h"

#include <fmt/format.h>

namespace baton {

namespace {
constexpr int64_t kMaxPort = 65535;
}  // namespace

std::optional<int> port_number(const Value& v) {
  int64_t n = 0;
  if (v.kind == Value::Kind::Int) {
    n = v.i;
  } else if (v.kind == Value::Kind::String && !v.has_runtime()) {
    std::string s = v.plain_text();
    if (s.empty()) return std::nullopt;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
      if (n > kMaxPort) return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (n < 1 || n > kMaxPort) return std::nullopt;
  return static_cast<int>(n);
}

std::string reserved_attr_problem(const std::string& attr, const std::string& host,
                                  const Value& v) {
  if (attr == "address" || attr == "user") {
    if (v.kind == Value::Kind::String) return "";
    return fmt::format("attribute '{}' of host '{}' must be a string, not {}", attr, host,
                       kind_name(v.kind));
  }
  if (attr != "port" || port_number(v)) return "";
  switch (v.kind) {
    case Value::Kind::Int:
      return fmt::format("port {} of host '{}' is out of range: a port is 1 to {}", v.i, host,
                         kMaxPort);
    case Value::Kind::String:
      return fmt::format(
          "port \"{}\" of host '{}' is not a port: give an int from 1 to {}, or its digits",
          v.plain_text(), host, kMaxPort);
    default:
      return fmt::format("attribute 'port' of host '{}' must be an int from 1 to {}, not {}", host,
                         kMaxPort, kind_name(v.kind));
  }
}

}  // namespace baton
