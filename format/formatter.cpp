// format_spec(): the front end's verdict on the file, then its layout (spec_layout.h).
#include "format/formatter.h"

#include "compiler/frontend/ir_builder.h"
#include "compiler/ir/ir.h"
#include "format/format_tokens.h"
#include "format/spec_layout.h"

namespace baton::format {
namespace {

/// The position of byte `offset` of `text` as a one-character range.
SourceRange range_at(FileId file, std::string_view text, size_t offset) {
  uint32_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col;
    }
  }
  return SourceRange{file, line, col, line, col + 1};
}

/// The offset of the first byte of `s` that is not part of valid UTF-8, or npos.
size_t invalid_utf8_at(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return i;
    uint32_t cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

/// `s` with the spaces and tabs that end each of its lines removed.
std::string without_trailing_spaces(std::string_view s) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t nl = s.find('\n', start);
    size_t stop = nl == std::string_view::npos ? s.size() : nl;
    size_t last = stop;
    while (last > start && (s[last - 1] == ' ' || s[last - 1] == '\t')) --last;
    out.append(s.substr(start, last - start));
    if (nl == std::string_view::npos) return out;
    out += '\n';
    start = nl + 1;
  }
}

}  // namespace

std::string normalized_text(std::string_view raw) {
  if (raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    out += raw[i];
  }
  return out;
}

bool format_spec(std::string_view raw, const std::string& display_name, SourceManager& sources,
                 DiagnosticEngine& diags, std::string& out, const LayoutWidth& width) {
  std::string text(raw);
  // As the loader reads a file: the byte order mark is not part of the spec.
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  FileId id = sources.add(display_name, "", text);
  const std::string& t = sources.file(id).text;
  if (size_t nul = t.find('\0'); nul != std::string::npos) {
    diags.report(DiagKind::BinaryFile, range_at(id, t, nul),
                 "'" + display_name + "' contains a NUL byte: it is a binary file, not a spec");
    return false;
  }
  if (size_t bad = invalid_utf8_at(t); bad != std::string_view::npos) {
    diags
        .report(DiagKind::InvalidUtf8, range_at(id, t, bad),
                "'" + display_name + "' is not valid UTF-8 at offset " + std::to_string(bad))
        .help = "save the file as UTF-8";
    return false;
  }
  ir::Module module;
  std::vector<ImportRequest> imports;
  DiagnosticEngine found;
  build_ir(sources, id, module, found, imports);
  if (found.has_errors()) {
    diags.append(found);
    return false;
  }
  out = layout_spec(normalized_text(t), width);
  return true;
}

std::vector<PlacedComment> placed_comments(std::string_view text) {
  std::vector<PlacedComment> out;
  size_t tokens = 0;
  for (const Token& t : lex_for_format(text)) {
    if (t.is_comment()) {
      out.push_back({without_trailing_spaces(token_text(text, t)), tokens});
    } else if (t.kind != TokenKind::Punct ||
               (token_text(text, t) != ";" && token_text(text, t) != ",")) {
      ++tokens;
    }
  }
  return out;
}

}  // namespace baton::format
