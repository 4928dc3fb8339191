// Positions as the protocol counts them (a 0-based line and a character offset in UTF-16 code
// units or in bytes, as negotiated) and as baton counts them (1-based lines and code points).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/base/source.h"

namespace baton::lsp {

enum class PositionEncoding { Utf16, Utf8 };

/// A position in the protocol's terms.
struct Position {
  uint32_t line = 0, character = 0;
};

/// The byte offset in `text` of `pos`: clamped to the end of its line, and to the end of the
/// text for a line past the last; a character inside a UTF-16 pair or a UTF-8 sequence counts
/// as the code point's start.
size_t offset_of(std::string_view text, Position pos, PositionEncoding enc);

/// The protocol's character offset of 1-based code-point column `col` in `line_text` (a column
/// past the end counts one unit per code point beyond it).
uint32_t character_of(std::string_view line_text, uint32_t col, PositionEncoding enc);

/// The 1-based code-point column of byte `offset` into `line_text`.
uint32_t column_of(std::string_view line_text, size_t offset);

/// The text of 0-based line `line0` of `text`, without its "\n" or "\r\n" ("" past the end).
std::string_view line_at(std::string_view text, uint32_t line0);

}  // namespace baton::lsp
