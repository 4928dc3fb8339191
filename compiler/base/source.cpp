// SourceManager: file texts and line lookup for diagnostics.
#include "compiler/base/source.h"

#include <cstring>

namespace baton {

SourceRange SourceRange::to(const SourceRange& last) const {
  if (!valid() || !last.valid() || last.file != file) return *this;
  SourceRange r = *this;
  r.end_line = last.end_line;
  r.end_col = last.end_col;
  return r;
}

FileId SourceManager::add(std::string display_name, std::string canonical, std::string text) {
  SourceFile f;
  f.display_name = std::move(display_name);
  f.canonical = std::move(canonical);
  f.text = std::move(text);
  f.line_starts.push_back(0);
  const char* begin = f.text.data();
  const char* end = begin + f.text.size();
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));)
    f.line_starts.push_back(static_cast<uint32_t>(++p - begin));
  files_.push_back(std::move(f));
  return static_cast<FileId>(files_.size() - 1);
}

std::string_view SourceManager::line_text(FileId id, uint32_t line) const {
  if (id >= files_.size()) return {};
  const SourceFile& f = files_[id];
  if (line == 0 || line > f.line_starts.size()) return {};
  size_t begin = f.line_starts[line - 1];
  size_t end = line < f.line_starts.size() ? f.line_starts[line] - 1 : f.text.size();
  if (end > begin && f.text[end - 1] == '\r') --end;
  return std::string_view(f.text).substr(begin, end - begin);
}

}  // namespace baton
