// `baton fmt --verify`: evidence that a file's new layout means what the old one meant.
#pragma once

#include <string>

namespace baton {

/// Checks the formatting of file `path` from `original` (its bytes) to `formatted`:
/// - idempotence: formatting `formatted` again gives it back;
/// - comments: the same comments, each once, between the same tokens (format::placed_comments);
/// - the IR (ir::dump_ir) with every source range left out is byte-identical, `path`'s
///   imports read from disk for both;
/// - the diagnostics of `check` (code and message) are the same, in the same order;
/// - when the spec compiles with its defaults, the JSON plan (`plan --format json`) is
///   byte-identical (it holds no source positions).
/// Returns "" when all hold, else what failed, in one line.
std::string verify_formatting(const std::string& path, const std::string& original,
                              const std::string& formatted);

}  // namespace baton
