// The json backend: the scheduled plan as data for other tools (schema in docs/backends.md).
//
// Written by a small streaming writer rather than through a JSON DOM: building nlohmann's
// ordered_json for a 100,000-step plan took 6 s and 1 GB, this takes a fraction of a second.
// The layout is fixed for diffs: the document, and each step, one key per line; each host,
// dependency, trigger, command, capture, split and deadlock on one line of its own. Keys come
// in the order written here. Secrets and captures stay symbolic: a segment names them, it
// never holds a value.
#include <string>

#include "backends/emitters.h"

namespace baton {
namespace {

/// The schema version; bump it when a key changes meaning or disappears (adding keys is fine).
constexpr int kJsonVersion = 1;

/// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one (overlong forms,
/// surrogates and code points above U+10FFFF are invalid, as in RFC 3629).
size_t utf8_length(const std::string& s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  return overlong || surrogate || cp > 0x10FFFF ? 0 : n;
}

/// Appends `text` as a JSON string. Bytes that are not UTF-8 (a --param value can hold any)
/// become U+FFFD, one per byte.
void put_string(std::string& out, const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t n = utf8_length(text, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(text, i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

/// `"key": ` (a key and its separator; the value follows).
void put_key(std::string& out, const char* key) {
  out += '"';
  out += key;
  out += "\": ";
}

void put_string_field(std::string& out, const char* key, const std::string& value) {
  put_key(out, key);
  put_string(out, value);
}

void put_int_field(std::string& out, const char* key, long long value) {
  put_key(out, key);
  out += std::to_string(value);
}

/// An int, or null when it equals `absent` (member -1, port 0, ...).
void put_optional_int(std::string& out, const char* key, int value, int absent) {
  put_key(out, key);
  out += value == absent ? "null" : std::to_string(value);
}

void put_word(std::string& out, const plan::Word& word) {
  out += '[';
  for (size_t i = 0; i < word.size(); ++i) {
    const plan::Segment& s = word[i];
    out += i ? ", {" : "{";
    switch (s.kind) {
      case plan::Segment::Kind::Text:
        out += "\"kind\": \"text\", ";
        put_string_field(out, "text", s.text);
        break;
      case plan::Segment::Kind::Capture:
        out += "\"kind\": \"capture\", ";
        put_int_field(out, "capture", s.capture);
        break;
      case plan::Segment::Kind::Secret:
        out += "\"kind\": \"secret\", ";
        put_string_field(out, "name", s.text);
        break;
    }
    out += '}';
  }
  out += ']';
}

/// A command on one line: `{"pieces": [...]}`.
void put_command(std::string& out, const plan::Command& command) {
  out += "{\"pieces\": [";
  for (size_t i = 0; i < command.pieces.size(); ++i) {
    const plan::CommandPiece& p = command.pieces[i];
    out += i ? ", {" : "{";
    if (p.is_value) {
      out += "\"kind\": \"value\", \"segments\": ";
      put_word(out, p.value);
    } else {
      out += "\"kind\": \"shell\", ";
      put_string_field(out, "text", p.shell);
    }
    out += '}';
  }
  out += "]}";
}

/// Writes `items` as a JSON array with one element per line at `indent` (its closing bracket
/// one level out), `[]` when empty; `put` writes one element.
template <typename T, typename Put>
void put_lines(std::string& out, const std::vector<T>& items, const std::string& indent, Put put) {
  if (items.empty()) {
    out += "[]";
    return;
  }
  out += "[\n";
  for (size_t i = 0; i < items.size(); ++i) {
    out += indent;
    put(items[i], i);
    out += i + 1 < items.size() ? ",\n" : "\n";
  }
  out.append(indent, 0, indent.size() - 2);
  out += ']';
}

void put_host(std::string& out, const plan::Host& h) {
  out += '{';
  put_string_field(out, "name", h.name);
  out += ", ";
  put_string_field(out, "group", h.group);
  out += ", ";
  put_optional_int(out, "member", h.member, -1);
  out += ", ";
  put_string_field(out, "address", h.address);
  out += ", ";
  put_key(out, "user");
  if (h.user.empty())
    out += "null";
  else
    put_string(out, h.user);
  out += ", ";
  put_optional_int(out, "port", h.port, 0);
  out += ", \"attrs\": {";
  for (size_t i = 0; i < h.attrs.size(); ++i) {
    if (i) out += ", ";
    put_string(out, h.attrs[i].first);
    out += ": ";
    put_string(out, h.attrs[i].second);
  }
  out += "}}";
}

void put_step(std::string& out, const plan::Step& s, size_t index) {
  const char* in = "\n      ";
  out += '{';
  out += in;
  put_int_field(out, "index", static_cast<long long>(index));
  out += ',';
  out += in;
  put_string_field(out, "label", s.label());
  out += ',';
  out += in;
  put_string_field(out, "service", s.service);
  out += ',';
  out += in;
  put_optional_int(out, "member", s.member, -1);
  out += ',';
  out += in;
  put_string_field(out, "instance", s.instance);
  out += ',';
  out += in;
  put_string_field(out, "action", s.action);
  out += ',';
  out += in;
  put_optional_int(out, "occurrence", s.occurrence, -1);
  out += ',';
  out += in;
  put_key(out, "handler");
  out += s.handler ? "true" : "false";
  out += ',';
  out += in;
  put_int_field(out, "host", s.host);
  out += ',';
  out += in;
  put_int_field(out, "level", s.level);
  out += ',';
  out += in;
  const std::string items = "        ";
  put_key(out, "waits_for");
  put_lines(out, s.waits_for, items, [&](const plan::Dependency& d, size_t) {
    out += '{';
    put_int_field(out, "step", d.step);
    out += ", ";
    put_string_field(out, "kind", plan::edge_kind_name(d.kind));
    out += '}';
  });
  out += ',';
  out += in;
  put_key(out, "triggers");
  put_lines(out, s.triggers, items, [&](const plan::Trigger& t, size_t) {
    out += '{';
    put_int_field(out, "step", t.step);
    out += ", ";
    put_string_field(out, "event", ir::event_name(t.event));
    out += '}';
  });
  out += ',';
  out += in;
  put_key(out, "commands");
  put_lines(out, s.commands, items, [&](const plan::Command& c, size_t) { put_command(out, c); });
  out += ',';
  out += in;
  put_key(out, "captures");
  out += '[';
  for (size_t i = 0; i < s.captures.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(s.captures[i]);
  }
  out += "]\n    }";
}

}  // namespace

bool emit_json(const plan::Plan& plan, const BackendOptions&, std::vector<OutputFile>& files,
               std::string*) {
  std::string out;
  // About 700 bytes a step in practice; one allocation instead of a dozen doublings.
  out.reserve(1024 + plan.steps.size() * 768 + plan.hosts.size() * 128);
  out += "{\n  ";
  put_int_field(out, "version", kJsonVersion);
  out += ",\n  ";
  put_int_field(out, "levels", plan.levels);
  out += ",\n  \"secrets\": [";
  for (size_t i = 0; i < plan.secrets.size(); ++i) {
    if (i) out += ", ";
    put_string(out, plan.secrets[i]);
  }
  out += "],\n  ";
  const std::string items = "    ";
  put_key(out, "hosts");
  put_lines(out, plan.hosts, items, [&](const plan::Host& h, size_t) { put_host(out, h); });
  out += ",\n  ";
  put_key(out, "steps");
  put_lines(out, plan.steps, items, [&](const plan::Step& s, size_t i) { put_step(out, s, i); });
  out += ",\n  ";
  put_key(out, "captures");
  put_lines(out, plan.captures, items, [&](const plan::Capture& c, size_t i) {
    out += '{';
    put_int_field(out, "index", static_cast<long long>(i));
    out += ", ";
    put_int_field(out, "step", c.step);
    out += ", ";
    put_string_field(out, "instance", c.instance);
    out += ", ";
    put_string_field(out, "output", c.output);
    out += ", ";
    put_key(out, "command");
    put_command(out, c.command);
    out += '}';
  });
  out += ",\n  ";
  put_key(out, "splits");
  put_lines(out, plan.splits, items, [&](const plan::Split& s, size_t) {
    out += '{';
    put_string_field(out, "action", s.action);
    out += ", \"cycle\": [";
    for (size_t i = 0; i < s.cycle.size(); ++i) {
      if (i) out += ", ";
      put_string(out, s.cycle[i]);
    }
    out += "]}";
  });
  out += ",\n  ";
  put_key(out, "deadlocks");
  put_lines(out, plan.deadlocks, items,
            [&](const std::vector<std::pair<uint32_t, uint32_t>>& cycle, size_t) {
              out += '[';
              for (size_t i = 0; i < cycle.size(); ++i) {
                out += i ? ", {" : "{";
                put_int_field(out, "from", cycle[i].first);
                out += ", ";
                put_int_field(out, "to", cycle[i].second);
                out += '}';
              }
              out += ']';
            });
  out += "\n}\n";
  files.push_back(OutputFile{"plan.json", std::move(out), false});
  return true;
}

}  // namespace baton
