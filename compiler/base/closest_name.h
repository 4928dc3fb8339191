// "Did you mean ...?": the closest known name to a misspelt one, by edit distance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace baton {

/// The closest candidate to `name` by edit distance, or "" when none is close enough to suggest.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace baton
