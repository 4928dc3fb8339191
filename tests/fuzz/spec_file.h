// The file a harness hands to baton: a spec on a memory-backed file system, rewritten for each
// input, so that the loader reads it as it reads any spec (tests/fuzz/README in docs/fuzzing.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace baton::fuzz {

/// A private directory of this process under /dev/shm (or $TMPDIR when there is none), removed
/// when the process exits. It holds `fuzz.baton`, the spec of the current input, and whatever a
/// harness writes beside it. A relative import in the spec is looked for in this directory, so
/// `import "fuzz.baton"` is an import cycle and any other name a missing import.
class SpecFile {
 public:
  /// The one directory of this process (created on first use).
  static SpecFile& instance();

  /// Replaces the spec with `bytes`; false (and a message on standard error) when it cannot.
  bool write(std::string_view bytes);

  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_; }

 private:
  SpecFile();
  std::string dir_, path_;
};

}  // namespace baton::fuzz
