// The json backend: the scheduled plan as data for other tools (schema in docs/backends.md).
//
// Written by a small streaming writer rather than through a JSON DOM: building nlohmann's
// ordered_json for a 100,000-step plan took 6 s and 1 GB. This appends to one buffer, sized
// once from an estimate, with no temporary string per value (text_out.h).
// The layout is fixed for diffs: the document, and each step, one key per line; each host,
// dependency, trigger, command, capture, split and deadlock on one line of its own. Keys come
// in the order written here. Secrets and captures stay symbolic: a segment names them, it
// never holds a value.
#include <string>
#include <string_view>

#include "backends/emitters.h"
#include "backends/output_size.h"
#include "backends/text_out.h"

namespace baton {
namespace {

/// The schema version; bump it when a key changes meaning or disappears (adding keys is fine).
/// 2: a value piece has a `quoting` (the author's quotes around it), and steps have `env`.
/// 3: operations: `operation`, `batches` and `untouched` (a plan that is not the deploy runs in
/// batches, one after the other), steps have `undoes` and `health`.
constexpr int kJsonVersion = 3;

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

/// The bytes put_string() copies as they are: printable ASCII other than `"` and `\`.
constexpr text::ByteSet kJsonPlain =
    text::byte_set([](unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; });

/// Appends `text` as a JSON string. Bytes that are not UTF-8 (a --param value can hold any)
/// become U+FFFD, one per byte.
void put_string(std::string& out, const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  text::append_escaped(out, text, kJsonPlain, [&](std::string& o, std::string_view, size_t i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t n = utf8_length(text, i);
      if (n == 0) {
        o += "\xEF\xBF\xBD";
        return size_t{1};
      }
      o.append(text, i, n);
      return n;
    }
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\b': o += "\\b"; break;
      case '\f': o += "\\f"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default:
        o += "\\u00";
        o += kHex[c >> 4];
        o += kHex[c & 0xF];
    }
    return size_t{1};
  });
  out += '"';
}

/// `prefix` (the separator and key, written as given) and `value` as a JSON string.
void put_field(std::string& out, const char* prefix, const std::string& value) {
  out += prefix;
  put_string(out, value);
}

/// An int, or null when it equals `absent` (member -1, port 0, ...).
void put_optional_int(std::string& out, int value, int absent) {
  if (value == absent) {
    out += "null";
  } else {
    text::put_int(out, value);
  }
}

void put_word(std::string& out, const plan::Word& word) {
  out += '[';
  for (size_t i = 0; i < word.size(); ++i) {
    const plan::Segment& s = word[i];
    if (i) out += ", ";
    switch (s.kind) {
      case plan::Segment::Kind::Text:
        put_field(out, "{\"kind\": \"text\", \"text\": ", s.text);
        break;
      case plan::Segment::Kind::Capture:
        out += "{\"kind\": \"capture\", \"capture\": ";
        text::put_uint(out, s.capture);
        break;
      case plan::Segment::Kind::Secret:
        put_field(out, "{\"kind\": \"secret\", \"name\": ", s.text);
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
    if (i) out += ", ";
    if (p.is_value) {
      out += "{\"kind\": \"value\", \"quoting\": \"";
      out += plan::quoting_name(p.quoting);
      out += "\", \"segments\": ";
      put_word(out, p.value);
    } else {
      put_field(out, "{\"kind\": \"shell\", \"text\": ", p.shell);
    }
    out += '}';
  }
  out += "]}";
}

/// Writes `items` as a JSON array with one element per line at `indent` (its closing bracket
/// one level out), `[]` when empty; `put` writes one element.
template <typename T, typename Put>
void put_lines(std::string& out, const std::vector<T>& items, std::string_view indent, Put put) {
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
  out += indent.substr(0, indent.size() - 2);
  out += ']';
}

void put_host(std::string& out, const plan::Host& h) {
  put_field(out, "{\"name\": ", h.name);
  put_field(out, ", \"group\": ", h.group);
  out += ", \"member\": ";
  put_optional_int(out, h.member, -1);
  put_field(out, ", \"address\": ", h.address);
  if (h.user.empty()) {
    out += ", \"user\": null";
  } else {
    put_field(out, ", \"user\": ", h.user);
  }
  out += ", \"port\": ";
  put_optional_int(out, h.port, 0);
  out += ", \"attrs\": {";
  for (size_t i = 0; i < h.attrs.size(); ++i) {
    put_field(out, i ? ", " : "", h.attrs[i].first);
    put_field(out, ": ", h.attrs[i].second);
  }
  out += "}}";
}

/// A step, one key per line (the keys indented by six spaces, its lists' items by eight).
void put_step(std::string& out, const plan::Plan& plan, const plan::Step& s, size_t index) {
  constexpr std::string_view kItems = "        ";
  out += "{\n      \"index\": ";
  text::put_uint(out, index);
  put_field(out, ",\n      \"label\": ", s.label());
  put_field(out, ",\n      \"service\": ", s.service);
  out += ",\n      \"member\": ";
  put_optional_int(out, s.member, -1);
  put_field(out, ",\n      \"instance\": ", s.instance);
  put_field(out, ",\n      \"action\": ", s.action);
  out += ",\n      \"occurrence\": ";
  put_optional_int(out, s.occurrence, -1);
  out += s.handler ? ",\n      \"handler\": true" : ",\n      \"handler\": false";
  out += ",\n      \"host\": ";
  text::put_uint(out, s.host);
  out += ",\n      \"level\": ";
  text::put_uint(out, s.level);
  out += ",\n      \"waits_for\": ";
  put_lines(out, plan::all_waits(plan, s), kItems, [&](const plan::Dependency& d, size_t) {
    out += "{\"step\": ";
    text::put_uint(out, d.step);
    out += ", \"kind\": \"";
    out += plan::edge_kind_name(d.kind);  // a fixed word: nothing to escape
    out += "\"}";
  });
  out += ",\n      \"triggers\": ";
  put_lines(out, s.triggers, kItems, [&](const plan::Trigger& t, size_t) {
    out += "{\"step\": ";
    text::put_uint(out, t.step);
    out += ", \"event\": \"";
    out += plan::event_name(t.event);
    out += "\"}";
  });
  out += ",\n      \"env\": ";
  put_lines(out, s.env, kItems, [&](const plan::EnvVar& v, size_t) {
    put_field(out, "{\"name\": ", v.name);
    out += ", \"value\": ";
    put_word(out, v.value);
    out += '}';
  });
  out += ",\n      \"commands\": ";
  put_lines(out, s.commands, kItems, [&](const plan::Command& c, size_t) { put_command(out, c); });
  out += ",\n      \"captures\": [";
  for (size_t i = 0; i < s.captures.size(); ++i) {
    if (i) out += ", ";
    text::put_uint(out, s.captures[i]);
  }
  out += "],\n      \"undoes\": ";
  if (s.undoes.empty()) {
    out += "null";
  } else {
    put_field(out, "", s.undoes);
  }
  out += s.health ? ",\n      \"health\": true" : ",\n      \"health\": false";
  out += "\n    }";
}

/// What the document takes per item of the plan, at most (output_size.h), before escapes.
SizeWeights document_weights() {
  SizeWeights w;
  w.fixed = 1024;
  w.per_host = 256;
  w.per_step = 400;
  w.name_times = 2;
  w.per_wait = 40;
  w.per_trigger = 40;
  w.per_capture = 92;
  w.per_command = 16;
  w.per_piece = 40;
  w.text_times = 1;
  w.per_segment = 40;
  w.value_times = 1;
  return w;
}

}  // namespace

bool emit_json(const plan::Plan& plan, const BackendOptions&, std::vector<OutputFile>& files,
               std::string*) {
  std::string out;
  // Escapes (`\"`, `\u0001`) can make a string longer than its text: leave room.
  const std::size_t estimate = estimated_size(plan, document_weights());
  out.reserve(estimate + estimate / 4);
  out += "{\n  \"version\": ";
  text::put_int(out, kJsonVersion);
  out += ",\n  \"levels\": ";
  text::put_uint(out, plan.levels);
  out += ",\n  \"secrets\": [";
  for (size_t i = 0; i < plan.secrets.size(); ++i) put_field(out, i ? ", " : "", plan.secrets[i]);
  out += "],\n  \"hosts\": ";
  constexpr std::string_view kItems = "    ";
  put_lines(out, plan.hosts, kItems, [&](const plan::Host& h, size_t) { put_host(out, h); });
  out += ",\n  \"steps\": ";
  put_lines(out, plan.steps, kItems,
            [&](const plan::Step& s, size_t i) { put_step(out, plan, s, i); });
  out += ",\n  \"captures\": ";
  put_lines(out, plan.captures, kItems, [&](const plan::Capture& c, size_t i) {
    out += "{\"index\": ";
    text::put_uint(out, i);
    out += ", \"step\": ";
    text::put_uint(out, c.step);
    put_field(out, ", \"instance\": ", c.instance);
    put_field(out, ", \"output\": ", c.output);
    out += ", \"command\": ";
    put_command(out, c.command);
    out += '}';
  });
  out += ",\n  \"splits\": ";
  put_lines(out, plan.splits, kItems, [&](const plan::Split& s, size_t) {
    put_field(out, "{\"action\": ", s.action);
    out += ", \"cycle\": [";
    for (size_t i = 0; i < s.cycle.size(); ++i) put_field(out, i ? ", " : "", s.cycle[i]);
    out += "]}";
  });
  out += ",\n  \"deadlocks\": ";
  put_lines(out, plan.deadlocks, kItems,
            [&](const std::vector<std::pair<uint32_t, uint32_t>>& cycle, size_t) {
              out += '[';
              for (size_t i = 0; i < cycle.size(); ++i) {
                out += i ? ", {\"from\": " : "{\"from\": ";
                text::put_uint(out, cycle[i].first);
                out += ", \"to\": ";
                text::put_uint(out, cycle[i].second);
                out += '}';
              }
              out += ']';
            });
  out += ",\n  \"operation\": ";
  if (plan.operation.empty()) {
    out += "null";
  } else {
    put_field(out, "", plan.operation);
  }
  out += ",\n  \"batches\": ";
  put_lines(out, plan.batches, kItems, [&](const plan::Batch& b, size_t) {
    put_field(out, "{\"service\": ", b.service);
    put_field(out, ", \"group\": ", b.group);
    out += ", \"size\": ";
    text::put_uint(out, b.size);
    out += ", \"min\": ";
    put_optional_int(out, static_cast<int>(b.minimum), -1);
    out += ", \"first\": ";
    text::put_uint(out, b.first);
    out += ", \"end\": ";
    text::put_uint(out, b.end);
    out += ", \"members\": [";
    for (size_t i = 0; i < b.members.size(); ++i) put_field(out, i ? ", " : "", b.members[i]);
    out += "]}";
  });
  out += ",\n  \"untouched\": [";
  for (size_t i = 0; i < plan.untouched.size(); ++i)
    put_field(out, i ? ", " : "", plan.untouched[i]);
  out += "]\n}\n";
  files.push_back(OutputFile{"plan.json", std::move(out), false});
  return true;
}

}  // namespace baton
