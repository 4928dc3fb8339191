// YAML scalars for the ansible backend: double-quoted, plain and literal block.
#include "backends/ansible_yaml.h"

#include <cstdint>
#include <cstdio>

#include "backends/text_out.h"

namespace baton::yaml {
namespace {

/// Decodes one UTF-8 sequence (the caller has checked the text is valid UTF-8).
std::size_t decode(std::string_view s, std::size_t i, uint32_t* cp) {
  unsigned char b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  if (i + len > s.size()) len = 1;
  uint32_t v = len == 1 ? b : b & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k)
    v = (v << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *cp = v;
  return len;
}

/// What a double-quoted scalar holds as is: printable ASCII other than `"` and `\`.
constexpr text::ByteSet kQuotedPlain =
    text::byte_set([](unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; });

/// What a plain scalar may hold anywhere (`#` too, unless after a blank: see plain_safe()).
constexpr text::ByteSet kPlainChars = text::byte_set([](unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view(" _.-/[]'=|!<>(),").find(static_cast<char>(c)) != std::string_view::npos;
});

}  // namespace

void append_double_quoted(std::string& out, std::string_view s) {
  out += '"';
  text::append_escaped(out, s, kQuotedPlain, [](std::string& o, std::string_view t, std::size_t i) {
    uint32_t cp = 0;
    std::size_t len = decode(t, i, &cp);
    char buf[12];
    switch (cp) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      case '\r': o += "\\r"; break;
      default:
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
          std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(cp));
          o += buf;
        } else if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF) {
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
          o += buf;
        } else {
          o.append(t.substr(i, len));
        }
    }
    return len;
  });
  out += '"';
}

std::string double_quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_double_quoted(out, s);
  return out;
}

bool plain_safe(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  char first = s.front();
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  if (s.back() == ' ') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!kPlainChars[c] && !(c == '#' && s[i - 1] != ' ')) return false;
  }
  // Words YAML 1.1 (which Ansible's loader follows) reads as booleans or null.
  if (s.size() > 5) return true;
  char lower[6] = {};
  for (std::size_t i = 0; i < s.size(); ++i)
    lower[i] = (s[i] >= 'A' && s[i] <= 'Z') ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
  for (const char* w : {"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
    if (std::string_view(lower, s.size()) == w) return false;
  return true;
}

void append_scalar(std::string& out, std::string_view s) {
  if (plain_safe(s)) {
    out += s;
  } else {
    append_double_quoted(out, s);
  }
}

std::string scalar(std::string_view s) {
  std::string out;
  append_scalar(out, s);
  return out;
}

void append_literal_block(std::string& out, std::string_view text, int indent) {
  out += "|\n";
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) {
      out.append(static_cast<std::size_t>(indent), ' ');
      out.append(text.substr(start, end - start));
    }
    out += '\n';
    start = end + 1;
  }
}

std::string literal_block(std::string_view text, int indent) {
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 4);
  append_literal_block(out, text, indent);
  return out;
}

}  // namespace baton::yaml
