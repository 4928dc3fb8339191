// YAML scalars for the ansible backend: double-quoted, plain and literal block.
#include "backends/ansible_yaml.h"

#include <cstdint>
#include <cstdio>

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

}  // namespace

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  out.reserve(s.size() + 2);
  for (std::size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    std::size_t len = decode(s, i, &cp);
    char buf[12];
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
          std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(cp));
          out += buf;
        } else if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF) {
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
          out += buf;
        } else {
          out.append(s.substr(i, len));
        }
    }
    i += len;
  }
  out += '"';
  return out;
}

bool plain_safe(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  char first = s.front();
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  if (s.back() == ' ') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view(" _.-/[]'=|!<>(),").find(c) != std::string_view::npos ||
              (c == '#' && s[i - 1] != ' ');
    if (!ok) return false;
  }
  // Words YAML 1.1 (which Ansible's loader follows) reads as booleans or null.
  std::string lower;
  for (char c : s) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (const char* w : {"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
    if (lower == w) return false;
  return true;
}

std::string scalar(std::string_view s) {
  return plain_safe(s) ? std::string(s) : double_quoted(s);
}

std::string literal_block(std::string_view text, int indent) {
  std::string out = "|\n";
  out.reserve(text.size() + text.size() / 8 + 4);
  std::string pad(static_cast<std::size_t>(indent), ' ');
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) {
      out += pad;
      out.append(text.substr(start, end - start));
    }
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace baton::yaml
