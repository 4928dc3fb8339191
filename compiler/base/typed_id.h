// Typed ids: an index into one vector, with the vector's element type in its C++ type, so that
// a host instance is never passed where a service instance is meant. The IR's ids (ExprId,
// ParamId, ...) and the analyses' (ServiceInstanceId, HostInstanceId, ...) are all TypedIds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace baton {

/// An index into one vector, typed by `Tag` (an incomplete struct named after what the vector
/// holds). The default is invalid; `value` is the index. An aggregate: `ExprId{3}`.
template <typename Tag>
struct TypedId {
  uint32_t value = UINT32_MAX;
  constexpr bool valid() const { return value != UINT32_MAX; }
  constexpr bool operator==(TypedId o) const { return value == o.value; }
  constexpr bool operator!=(TypedId o) const { return value != o.value; }
  constexpr bool operator<(TypedId o) const { return value < o.value; }
};

}  // namespace baton

template <typename Tag>
struct std::hash<baton::TypedId<Tag>> {
  size_t operator()(baton::TypedId<Tag> id) const noexcept {
    return std::hash<uint32_t>()(id.value);
  }
};
