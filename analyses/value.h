// Values of baton expressions, as the evaluator computes them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyses/plan/plan.h"

namespace baton {

/// A value: known at compile time, or (for strings) partly known only at run time through
/// Capture and Secret segments. `known == false` is a value whose type is known but whose
/// content is not (a param with no value under `baton check`).
struct Value {
  enum class Kind : uint8_t { Error, Int, Bool, String, List };
  Kind kind = Kind::Error;
  bool known = true;
  int64_t i = 0;
  bool b = false;
  plan::Word text;           ///< String
  std::vector<Value> items;  ///< List

  static Value error() { return {}; }
  static Value of_int(int64_t v);
  static Value of_bool(bool v);
  static Value of_string(std::string s);
  static Value unknown(Kind kind);

  bool is_error() const { return kind == Kind::Error; }
  /// True when some part is known only at run time (a capture or a secret), items included.
  bool has_runtime() const;
  bool has_secret() const;
  bool has_capture() const;
  /// The text of a fully known string, int or bool ("" otherwise).
  std::string plain_text() const;
};

/// Whether two known values are equal (`==`): same kind and content; strings by their text.
bool values_equal(const Value& a, const Value& b);

/// `int`, `string`, `list`, ... for messages.
const char* kind_name(Value::Kind k);

/// Appends `more` to `word`, merging adjacent text segments.
void append_word(plan::Word& word, const plan::Word& more);
void append_text(plan::Word& word, const std::string& text);

}  // namespace baton
