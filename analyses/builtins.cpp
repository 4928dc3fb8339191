// The table of builtin functions and their implementations.
#include "analyses/builtins.h"

#include <cctype>

namespace baton {

namespace {

using Kind = Value::Kind;

Value call_join(BuiltinCall& c) {
  if (!c.arg_type(0, {Kind::List})) return Value::error();
  if (c.args.size() > 1 && !c.arg_type(1, {Kind::String})) return Value::error();
  if (!c.args[0].known || (c.args.size() > 1 && !c.args[1].known))
    return Value::unknown(Kind::String);
  Value out;
  out.kind = Kind::String;
  for (size_t k = 0; k < c.args[0].items.size(); ++k) {
    const Value& item = c.args[0].items[k];
    if (k > 0) {
      if (c.args.size() > 1) {
        append_word(out.text, c.args[1].text);
      } else {
        append_text(out.text, " ");
      }
    }
    if (item.kind == Kind::List) {
      c.report_argument(0, DiagKind::ListInString,
                        "'join' joins a list of strings, and this list holds lists");
      return Value::error();
    }
    if (!item.known) return Value::unknown(Kind::String);
    if (item.kind == Kind::String) {
      append_word(out.text, item.text);
    } else {
      append_text(out.text, item.plain_text());
    }
  }
  return out;
}

Value call_len(BuiltinCall& c) {
  if (!c.arg_type(0, {Kind::List, Kind::String})) return Value::error();
  if (c.args[0].kind == Kind::String && !c.compile_time(0)) return Value::error();
  if (!c.args[0].known) return Value::unknown(Kind::Int);
  if (c.args[0].kind == Kind::List)
    return Value::of_int(static_cast<int64_t>(c.args[0].items.size()));
  std::string s = c.args[0].plain_text();
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return Value::of_int(n);
}

Value call_str(BuiltinCall& c) {
  if (!c.arg_type(0, {Kind::String, Kind::Int, Kind::Bool})) return Value::error();
  if (!c.args[0].known) return Value::unknown(Kind::String);
  if (c.args[0].kind == Kind::String) return c.args[0];
  return Value::of_string(c.args[0].plain_text());
}

Value call_int(BuiltinCall& c) {
  if (!c.arg_type(0, {Kind::String, Kind::Int}) || !c.compile_time(0)) return Value::error();
  if (!c.args[0].known) return Value::unknown(Kind::Int);
  if (c.args[0].kind == Kind::Int) return c.args[0];
  std::string s = c.args[0].plain_text();
  int64_t v = 0;
  bool neg = !s.empty() && s[0] == '-';
  size_t k = neg ? 1 : 0;
  bool ok = k < s.size();
  for (; ok && k < s.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(s[k])) || __builtin_mul_overflow(v, 10, &v) ||
        __builtin_add_overflow(v, s[k] - '0', &v))
      ok = false;
  }
  if (!ok) {
    c.report_call(DiagKind::TypeMismatch, "'" + s + "' is not an int");
    return Value::error();
  }
  return Value::of_int(neg ? -v : v);
}

/// upper and lower: `change` applied to each byte of a string known at compile time.
Value map_bytes(BuiltinCall& c, int (*change)(int)) {
  if (!c.arg_type(0, {Kind::String}) || !c.compile_time(0)) return Value::error();
  if (!c.args[0].known) return Value::unknown(Kind::String);
  std::string s = c.args[0].plain_text();
  for (char& ch : s) ch = static_cast<char>(change(static_cast<unsigned char>(ch)));
  return Value::of_string(s);
}

Value call_lower(BuiltinCall& c) {
  return map_bytes(c, [](int ch) { return std::tolower(ch); });
}

Value call_upper(BuiltinCall& c) {
  return map_bytes(c, [](int ch) { return std::toupper(ch); });
}

Value call_replace(BuiltinCall& c) {
  for (size_t k = 0; k < 3; ++k)
    if (!c.arg_type(k, {Kind::String}) || !c.compile_time(k)) return Value::error();
  if (!c.args[0].known || !c.args[1].known || !c.args[2].known) return Value::unknown(Kind::String);
  std::string s = c.args[0].plain_text(), from = c.args[1].plain_text(),
              to = c.args[2].plain_text();
  if (from.empty()) return Value::of_string(s);
  std::string out;
  for (size_t pos = 0;;) {
    size_t hit = s.find(from, pos);
    if (hit == std::string::npos) {
      out += s.substr(pos);
      break;
    }
    out += s.substr(pos, hit - pos) + to;
    pos = hit + from.size();
  }
  return Value::of_string(out);
}

Value call_contains(BuiltinCall& c) {
  if (!c.arg_type(0, {Kind::List})) return Value::error();
  if (c.args[0].has_runtime() || c.args[1].has_runtime()) {
    c.compile_time(c.args[0].has_runtime() ? 0 : 1);
    return Value::error();
  }
  if (!c.args[0].known || !c.args[1].known) return Value::unknown(Kind::Bool);
  for (const Value& item : c.args[0].items)
    if (values_equal(item, c.args[1])) return Value::of_bool(true);
  return Value::of_bool(false);
}

}  // namespace

const std::vector<BuiltinFunction>& builtin_functions() {
  static const std::vector<BuiltinFunction> kFunctions = {
      {"contains", 2, 2, "contains(list, value) -> bool", call_contains},
      {"int", 1, 1, "int(string|int) -> int", call_int},
      {"join", 1, 2, "join(list, separator = \" \") -> string", call_join},
      {"len", 1, 1, "len(list|string) -> int", call_len},
      {"lower", 1, 1, "lower(string) -> string", call_lower},
      {"replace", 3, 3, "replace(string, old, new) -> string", call_replace},
      {"str", 1, 1, "str(value) -> string", call_str},
      {"upper", 1, 1, "upper(string) -> string", call_upper},
  };
  return kFunctions;
}

const BuiltinFunction* find_builtin(std::string_view name) {
  for (const BuiltinFunction& f : builtin_functions())
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace baton
