// Writing compiled output whole or not at all: a reader never sees a half-written plan.
#pragma once

#include <string>
#include <vector>

#include "backends/backend.h"

namespace baton {

/// The file that marks a directory as written by baton, so that the next compile may replace
/// it whole. A directory without it (and not empty) is never replaced.
inline constexpr const char* kOutputMarker = ".baton-output";

/// Writes `content` to the file `path`: into a temporary file in the same directory, flushed
/// to disk, then renamed over `path`, so `path` holds either its old content or all of the new.
/// The mode is 0666 (0777 when `executable`) less the umask. A symbolic link is followed.
/// Returns false with a message in *err, leaving no temporary file behind.
bool write_file_atomically(const std::string& path, const std::string& content, bool executable,
                           std::string* err);

/// Writes `files` (paths relative to `dir`, subdirectories created) plus the marker file as the
/// directory `dir`: everything goes into a temporary sibling directory, which then takes the
/// place of `dir` in one rename (or one atomic exchange when `dir` exists). An existing `dir`
/// is replaced only when it is empty or holds the marker; otherwise nothing is written.
/// Returns false with a message in *err, leaving no temporary directory behind.
bool write_directory_atomically(const std::string& dir, const std::vector<OutputFile>& files,
                                std::string* err);

}  // namespace baton
