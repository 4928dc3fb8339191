// Reading the bytes of one spec file: bounded, and never waiting on what is not a file.
#pragma once

#include <cstddef>
#include <string>

namespace baton {

/// The most baton reads of one file: far above any real spec (the largest benchmark spec is
/// 163 MB, and needs 5 GB to plan), and a bound on what an endless stream (`yes |`,
/// `/dev/zero`) can make baton hold.
inline constexpr size_t kMaxSpecBytes = size_t{256} << 20;

/// Who named a file, which decides what it may be.
enum class SpecOrigin {
  CommandLine,  ///< the user: a regular file, standard input (`-`) or any stream (a FIFO)
  Import,       ///< a spec: a regular file only (a FIFO would block, a device never end)
};

/// Reads `path` ("-": standard input) into `text`. Reading stops just after the first NUL
/// byte: the file is binary (E0005), and its rest does not matter. Returns false with the
/// reason in `err` ("No such file or directory", "is a directory", "is a FIFO, not a regular
/// file", "is larger than 256 MiB, ...") when the file cannot be read, is not what `origin`
/// allows, or holds more than kMaxSpecBytes.
bool read_spec_file(const std::string& path, SpecOrigin origin, std::string& text,
                    std::string& err);

}  // namespace baton
