// Value constructors and queries.
#include "analyses/value.h"

namespace baton {

Value Value::of_int(int64_t v) {
  Value r;
  r.kind = Kind::Int;
  r.i = v;
  return r;
}

Value Value::of_bool(bool v) {
  Value r;
  r.kind = Kind::Bool;
  r.b = v;
  return r;
}

Value Value::of_string(std::string s) {
  Value r;
  r.kind = Kind::String;
  if (!s.empty()) r.text.push_back({plan::Segment::Kind::Text, std::move(s), 0});
  return r;
}

Value Value::unknown(Kind kind) {
  Value r;
  r.kind = kind;
  r.known = false;
  return r;
}

namespace {
template <typename Pred>
bool any_segment(const Value& v, Pred pred) {
  for (const plan::Segment& s : v.text)
    if (pred(s)) return true;
  for (const Value& item : v.items)
    if (any_segment(item, pred)) return true;
  return false;
}
}  // namespace

bool Value::has_runtime() const {
  return any_segment(*this,
                     [](const plan::Segment& s) { return s.kind != plan::Segment::Kind::Text; });
}
bool Value::has_secret() const {
  return any_segment(*this,
                     [](const plan::Segment& s) { return s.kind == plan::Segment::Kind::Secret; });
}
bool Value::has_capture() const {
  return any_segment(*this,
                     [](const plan::Segment& s) { return s.kind == plan::Segment::Kind::Capture; });
}

std::string Value::plain_text() const {
  switch (kind) {
    case Kind::Int: return std::to_string(i);
    case Kind::Bool: return b ? "true" : "false";
    case Kind::String: {
      std::string out;
      for (const plan::Segment& s : text)
        if (s.kind == plan::Segment::Kind::Text) out += s.text;
      return out;
    }
    default: return "";
  }
}

const char* kind_name(Value::Kind k) {
  switch (k) {
    case Value::Kind::Error: return "error";
    case Value::Kind::Int: return "int";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::String: return "string";
    case Value::Kind::List: return "list";
  }
  return "?";
}

void append_text(plan::Word& word, const std::string& text) {
  if (text.empty()) return;
  if (!word.empty() && word.back().kind == plan::Segment::Kind::Text) {
    word.back().text += text;
  } else {
    word.push_back({plan::Segment::Kind::Text, text, 0});
  }
}

void append_word(plan::Word& word, const plan::Word& more) {
  for (const plan::Segment& s : more) {
    if (s.kind == plan::Segment::Kind::Text) {
      append_text(word, s.text);
    } else {
      word.push_back(s);
    }
  }
}

bool values_equal(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::Int: return a.i == b.i;
    case Value::Kind::Bool: return a.b == b.b;
    case Value::Kind::String: return a.plain_text() == b.plain_text();
    case Value::Kind::List:
      if (a.items.size() != b.items.size()) return false;
      for (size_t k = 0; k < a.items.size(); ++k)
        if (!values_equal(a.items[k], b.items[k])) return false;
      return true;
    default: return false;
  }
}

}  // namespace baton
