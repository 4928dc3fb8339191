// A unified diff of two texts, as `diff -u` prints it, for `baton fmt --diff`.
#pragma once

#include <string>
#include <string_view>

namespace baton {

/// The unified diff (three lines of context) from `before` to `after`, with the headers
/// `--- a/NAME` and `+++ b/NAME`; "" when they are equal. Lines are compared whole; an edit
/// script longer than a few thousand lines is shown as one hunk that replaces the changed
/// middle of the file, so that the cost stays near-linear.
std::string unified_diff(std::string_view before, std::string_view after, const std::string& name);

}  // namespace baton
