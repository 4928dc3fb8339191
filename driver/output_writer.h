// Writing compiled output whole or not at all, and never over what is not a regular file.
#pragma once

#include <string>
#include <vector>

#include "backends/backend.h"

namespace baton {

/// The file that marks a directory as written by baton, so that the next compile may replace
/// it whole. A directory without it (and not empty) is never replaced.
inline constexpr const char* kOutputMarker = ".baton-output";

/// Writes `content` to `path`, following its symbolic links, by what they lead to:
/// - a regular file, or nothing (a new file, or the missing target of a dangling link whose
///   directory exists): into a temporary file in the same directory, flushed to disk, then
///   renamed over it, so it holds either its old content or all of the new. The mode of a new
///   file is 0666 (0777 when `executable`) less the umask; links stay links.
/// - a FIFO or a character device (`/dev/null`, a terminal): opened and written in place,
///   never replaced; a FIFO waits for its reader.
/// - a file descriptor link of /proc (`/dev/stdout`, `/dev/fd/N`): this process's own
///   descriptor is written to as it is; another's is opened and written in place.
/// - a directory, a block device, a socket, a link loop, a link into a missing directory:
///   nothing is written, and the call fails.
/// Returns false with a message in *err, leaving no temporary file behind.
bool write_output_file(const std::string& path, const std::string& content, bool executable,
                       std::string* err);

/// True when `output` and `input` name the same existing file, whatever links lead to each:
/// a compile must not write its plan over its own spec.
bool is_same_file(const std::string& output, const std::string& input);

/// Writes `files` (paths relative to `dir`, subdirectories created) plus the marker file as the
/// directory `dir`: everything goes into a temporary sibling directory, which then takes the
/// place of `dir` in one rename (or one atomic exchange when `dir` exists). An existing `dir`
/// is replaced only when it is empty or holds the marker; otherwise nothing is written.
/// Returns false with a message in *err, leaving no temporary directory behind.
bool write_directory_atomically(const std::string& dir, const std::vector<OutputFile>& files,
                                std::string* err);

}  // namespace baton
