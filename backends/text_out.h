// Appending to a backend's output buffer without temporaries: numbers, padding, escaped text.
//
// Every backend builds its file in one std::string that the driver writes once. On a
// 100,000-step plan the per-character and per-node costs add up (a temporary string for each
// `a + b`, a capacity check for each escaped character), so the backends append through these
// helpers: digits straight into the buffer, and text copied in runs between the bytes that
// need escaping, found with a 256-entry table.
#pragma once

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>

namespace baton::text {

/// Appends the decimal digits of `v`.
inline void put_uint(std::string& out, unsigned long long v) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, static_cast<std::size_t>(end - buf));
}

inline void put_int(std::string& out, long long v) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, static_cast<std::size_t>(end - buf));
}

/// A set of byte values, for the scans of append_escaped().
struct ByteSet {
  bool has[256] = {};
  bool operator[](char c) const { return has[static_cast<unsigned char>(c)]; }
};

/// The bytes for which `pred(unsigned char)` holds, computed at compile time.
template <class Pred>
constexpr ByteSet byte_set(Pred pred) {
  ByteSet s{};
  for (int c = 0; c < 256; ++c) s.has[c] = pred(static_cast<unsigned char>(c));
  return s;
}

/// Appends `text`, copying each run of bytes in `plain` in one go. At any other byte it calls
/// `special(out, text, i)`, which appends what the byte at `i` (and, if it likes, the bytes
/// after it) stands for and returns how many bytes it consumed, at least one.
template <class Special>
void append_escaped(std::string& out, std::string_view text, const ByteSet& plain,
                    Special special) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t start = i;
    while (i < n && plain[text[i]]) ++i;
    out.append(text.data() + start, i - start);
    if (i < n) i += special(out, text, i);
  }
}

/// A replacement for each byte value, or nullptr for a byte that stands for itself.
struct Escapes {
  const char* to[256] = {};
};

/// The replacements `map(unsigned char)` gives (nullptr: none), computed at compile time.
template <class Map>
constexpr Escapes escapes(Map map) {
  Escapes e{};
  for (int c = 0; c < 256; ++c) e.to[c] = map(static_cast<unsigned char>(c));
  return e;
}

/// Appends `text` with each byte that has a replacement in `escapes` replaced, the runs of
/// other bytes copied in one go.
inline void append_escaped(std::string& out, std::string_view text, const Escapes& escapes) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t start = i;
    while (i < n && escapes.to[static_cast<unsigned char>(text[i])] == nullptr) ++i;
    out.append(text.data() + start, i - start);
    if (i < n) out += escapes.to[static_cast<unsigned char>(text[i++])];
  }
}

}  // namespace baton::text
