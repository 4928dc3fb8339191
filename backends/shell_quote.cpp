// Quoting for POSIX sh: single-quoted words, block-safe words, driver literals, heredoc delimiters.
#include "backends/shell_quote.h"

#include <algorithm>
#include <cstdint>

#include "backends/text_out.h"

namespace baton::shell {
namespace {

/// Decodes the UTF-8 sequence at s[i]: its length, or 0 when the byte there starts no valid
/// sequence (overlong forms, surrogates and values above U+10FFFF are invalid too).
std::size_t utf8_sequence(std::string_view s, std::size_t i, uint32_t* cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  std::size_t len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
  if (len == 0 || b > 0xF4 || i + len > s.size()) return 0;
  uint32_t v = b & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (byte(i + k) & 0x3F);
  }
  if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF))) return 0;
  if (v >= 0xD800 && v <= 0xDFFF) return 0;
  *cp = v;
  return len;
}

/// Whether a code point may stand as is in a linted YAML literal block: printable for PyYAML
/// (which Ansible uses), not a line break for YAML 1.1 (NEL, U+2028, U+2029), not a BOM, and
/// not a tab (ansible-lint's no-tabs).
bool block_printable(uint32_t cp) {
  if (cp == '\n') return true;
  if (cp < 0x20 || cp == 0x7F) return false;
  if (cp >= 0x80 && cp < 0xA0) return false;
  if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) return false;
  if (cp == 0xFFFE || cp == 0xFFFF) return false;
  return true;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// Printable ASCII: what block_printable() accepts below 0x80, less the newline.
constexpr text::ByteSet kAsciiPrintable =
    text::byte_set([](unsigned char c) { return c >= 0x20 && c < 0x7F; });
/// What quote_block_safe() copies as is: printable ASCII but `'` and `{` (which it rewrites).
constexpr text::ByteSet kBlockPlain =
    text::byte_set([](unsigned char c) { return c >= 0x20 && c < 0x7F && c != '\'' && c != '{'; });
/// What quote() copies as is: everything but `'`.
constexpr text::ByteSet kNotQuote = text::byte_set([](unsigned char c) { return c != '\''; });
/// What literal() puts inside single quotes: everything but `'`, `$`, backquote and backslash.
constexpr text::ByteSet kLiteralPlain =
    text::byte_set([](unsigned char c) { return c != '\'' && c != '$' && c != '`' && c != '\\'; });

/// How many bytes at s[i] (not in kBlockPlain) a block-safe word cannot hold as they are: a
/// byte that starts no valid UTF-8 sequence, or the whole sequence of a character that a block
/// cannot show. 0 for a character it can. `*len` is the length of the sequence at s[i].
std::size_t block_escaped(std::string_view s, std::size_t i, uint32_t* cp, std::size_t* len) {
  *len = utf8_sequence(s, i, cp);
  if (*len == 0) return 1;
  return block_printable(*cp) ? 0 : *len;
}

/// The octal digits of byte `b`, as printf and the variables of append_byte_definitions() name it.
void put_octal(std::string& out, unsigned char b) {
  out += static_cast<char>('0' + (b >> 6));
  out += static_cast<char>('0' + ((b >> 3) & 7));
  out += static_cast<char>('0' + (b & 7));
}

}  // namespace

bool collect_block_escapes(std::string_view s, ByteFlags& bytes) {
  bool any = false;
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    if (kBlockPlain[s[i]]) {
      ++i;
      continue;
    }
    uint32_t cp = 0;
    std::size_t len = 0;
    std::size_t escaped = block_escaped(s, i, &cp, &len);
    for (std::size_t k = 0; k < escaped; ++k) bytes[static_cast<unsigned char>(s[i + k])] = true;
    any = any || escaped != 0;
    i += escaped ? escaped : len;
  }
  return any;
}

void append_byte_definitions(std::string& out, const ByteFlags& bytes) {
  for (int b = 0; b < 256; ++b) {
    if (!bytes[static_cast<std::size_t>(b)]) continue;
    out += "baton_b";
    put_octal(out, static_cast<unsigned char>(b));
    out += "=$(printf '\\";
    put_octal(out, static_cast<unsigned char>(b));
    out += "')\n";
  }
}

void append_quoted(std::string& out, std::string_view s) {
  out += '\'';
  text::append_escaped(out, s, kNotQuote, [](std::string& o, std::string_view, std::size_t) {
    o += "'\\''";
    return std::size_t{1};
  });
  out += '\'';
}

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_quoted(out, s);
  return out;
}

void append_quoted_block_safe(std::string& out, std::string_view s, std::size_t width,
                              std::size_t* column) {
  out += '\'';
  std::size_t col = *column + 1;
  // References to the variables of the bytes waiting to be written: consecutive unprintable
  // characters share one double-quoted piece. Not a command substitution per piece: dash copies
  // the word read so far onto its stack at each one, so that a long word with many of them
  // overflowed it.
  std::string escaped;
  auto flush_escaped = [&] {
    if (escaped.empty()) return;
    // Close the quote, expand the variables, reopen: still one word, inside double quotes.
    std::size_t before = out.size();
    out += "'\"";
    out += escaped;
    out += "\"'";
    col += out.size() - before;
    escaped.clear();
  };
  auto fold_if_long = [&] {
    if (width == 0 || col < width) return;
    out += "'\\\n'";
    col = 1;
  };
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    if (kBlockPlain[s[i]]) {
      // A run of plain ASCII: copied in pieces that end where the line must be folded.
      flush_escaped();
      std::size_t end = i;
      while (end < n && kBlockPlain[s[end]]) ++end;
      while (i < end) {
        fold_if_long();
        std::size_t room = width == 0 ? end - i : col < width ? width - col : 1;
        std::size_t take = std::min(room, end - i);
        out.append(s.data() + i, take);
        col += take;
        i += take;
      }
      continue;
    }
    uint32_t cp = 0;
    std::size_t len = 0;
    if (std::size_t bytes = block_escaped(s, i, &cp, &len)) {
      for (std::size_t k = 0; k < bytes; ++k) {
        escaped += "$baton_b";
        put_octal(escaped, static_cast<unsigned char>(s[i + k]));
      }
      i += bytes;
      continue;
    }
    flush_escaped();
    if (cp == '\n') {
      // A line may not end in a blank (yamllint's trailing-spaces): end it with `''`, an empty
      // piece of the same word.
      if (is_blank(out.back())) out += "''";
      out += '\n';
      col = 0;
      i += len;
      continue;
    }
    fold_if_long();
    if (cp == '\'') {
      out += "'\\''";
      col += 4;
    } else if (cp == '{' && i + 1 < n && (s[i + 1] == '{' || s[i + 1] == '%' || s[i + 1] == '#')) {
      // `{''{`: the shell reads `{{`, but the text holds no Jinja delimiter, so that no
      // template engine (nor ansible-lint's jinja rule, which ignores !unsafe) sees one.
      out += "{''";
      col += 3;
    } else {
      out.append(s.substr(i, len));
      col += 1;
    }
    i += len;
  }
  flush_escaped();
  out += '\'';
  *column = col + 1;
}

std::string quote_block_safe(std::string_view s, std::size_t width, std::size_t* column) {
  std::string out;
  append_quoted_block_safe(out, s, width, column);
  return out;
}

void append_literal(std::string& out, std::string_view s) {
  if (s.empty()) {
    out += "''";
    return;
  }
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    std::size_t end = i;
    while (end < n && kLiteralPlain[s[end]]) ++end;
    if (end > i) {
      out += '\'';
      out.append(s.data() + i, end - i);
      out += '\'';
      i = end;
      continue;
    }
    out += '\\';
    out += s[i++];
  }
}

std::string literal(std::string_view s) {
  std::string out;
  append_literal(out, s);
  return out;
}

std::string heredoc_delimiter(std::string_view body, std::string_view base) {
  auto is_line = [&](const std::string& d) {
    std::size_t start = 0;
    while (start <= body.size()) {
      std::size_t end = body.find('\n', start);
      if (end == std::string_view::npos) end = body.size();
      if (body.substr(start, end - start) == d) return true;
      start = end + 1;
    }
    return false;
  };
  std::string d(base);
  // Every candidate starts with `base`: when the body never holds it, `base` is free.
  if (body.find(base) == std::string_view::npos) return d;
  for (int n = 1; is_line(d); ++n) d = std::string(base) + "_" + std::to_string(n);
  return d;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    uint32_t cp = 0;
    std::size_t len = utf8_sequence(s, i, &cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

bool block_safe(std::string_view s) {
  if (!s.empty() && is_blank(s.front())) return false;
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    while (i < n && kAsciiPrintable[s[i]]) ++i;
    if (i == n) break;
    uint32_t cp = 0;
    std::size_t len = utf8_sequence(s, i, &cp);
    if (len == 0 || !block_printable(cp)) return false;
    if (cp == '\n' && i > 0 && is_blank(s[i - 1])) return false;
    i += len;
  }
  return s.empty() || !is_blank(s.back());
}

}  // namespace baton::shell
