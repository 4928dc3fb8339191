// Conversions between the protocol's positions and baton's.
#include "lsp/positions.h"

namespace baton::lsp {
namespace {

/// The length in bytes of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
size_t sequence_length(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

/// The line's text without its line break.
std::string_view strip_break(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string_view line_at(std::string_view text, uint32_t line0) {
  size_t start = 0;
  for (uint32_t l = 0; l < line0; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t nl = text.find('\n', start);
  return strip_break(text.substr(start, nl == std::string_view::npos ? nl : nl - start));
}

size_t offset_of(std::string_view text, Position pos, PositionEncoding enc) {
  size_t start = 0;
  for (uint32_t l = 0; l < pos.line; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return text.size();
    start = nl + 1;
  }
  size_t nl = text.find('\n', start);
  std::string_view line =
      strip_break(text.substr(start, nl == std::string_view::npos ? nl : nl - start + 1));
  size_t i = 0;
  uint32_t units = 0;
  while (i < line.size() && units < pos.character) {
    size_t len = sequence_length(static_cast<unsigned char>(line[i]));
    if (i + len > line.size()) len = line.size() - i;
    units += enc == PositionEncoding::Utf8 ? static_cast<uint32_t>(len) : (len == 4 ? 2u : 1u);
    if (units > pos.character) break;  // inside a pair or a sequence: its start
    i += len;
  }
  return start + i;
}

uint32_t character_of(std::string_view line_text, uint32_t col, PositionEncoding enc) {
  uint32_t units = 0, cp = 1;
  size_t i = 0;
  while (cp < col && i < line_text.size()) {
    size_t len = sequence_length(static_cast<unsigned char>(line_text[i]));
    if (i + len > line_text.size()) len = line_text.size() - i;
    units += enc == PositionEncoding::Utf8 ? static_cast<uint32_t>(len) : (len == 4 ? 2u : 1u);
    i += len;
    ++cp;
  }
  if (cp < col) units += col - cp;
  return units;
}

uint32_t column_of(std::string_view line_text, size_t offset) {
  uint32_t col = 1;
  for (size_t i = 0; i < offset && i < line_text.size(); ++i)
    if ((static_cast<unsigned char>(line_text[i]) & 0xC0) != 0x80) ++col;
  return col;
}

}  // namespace baton::lsp
