// Source files held in memory and the ranges that point into them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

/// Index of a file in a SourceManager; kNoFile for ranges with no place in a file.
using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

/// A half-open range of source text. Lines and columns are 1-based; columns count code points.
struct SourceRange {
  FileId file = kNoFile;
  uint32_t line = 0, col = 0;          ///< first character
  uint32_t end_line = 0, end_col = 0;  ///< one past the last character (same line: end_col > col)

  bool valid() const { return file != kNoFile && line > 0; }
  /// The smallest range covering both (same file assumed; falls back to *this).
  SourceRange to(const SourceRange& last) const;
};

/// One loaded file: its name as the user gave it (for messages) and its text.
struct SourceFile {
  std::string display_name;  ///< as shown in diagnostics (the path as given, or "<stdin>")
  std::string canonical;     ///< canonical path, for import de-duplication ("" for stdin)
  std::string text;
  std::vector<uint32_t> line_starts;  ///< byte offset of each line's start
};

/// Owns every file's text for the lifetime of a compilation.
class SourceManager {
 public:
  FileId add(std::string display_name, std::string canonical, std::string text);
  const SourceFile& file(FileId id) const { return files_[id]; }
  size_t size() const { return files_.size(); }
  /// The text of 1-based line `line` without its line break ("" when out of range).
  std::string_view line_text(FileId id, uint32_t line) const;

 private:
  std::vector<SourceFile> files_;
};

}  // namespace baton
