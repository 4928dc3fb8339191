// YAML scalars for the ansible backend, written directly.
//
// The playbook has a fixed shape (lists of maps, a few levels deep), so the backend writes its
// lines itself and needs only scalars from here. yaml-cpp's emitter decides the style of every
// scalar with regular expressions run at each character; on a 100,000-step plan that took
// 20 s of the compile, against a budget of 3 s. These functions write the three styles the
// backend uses; the tests read the files back with yaml-cpp and with Ansible's own loader.
#pragma once

#include <string>
#include <string_view>

namespace baton::yaml {

/// A double-quoted scalar that reads back as `s`, for any valid UTF-8 text: `"` and `\`
/// escaped, control characters, line breaks and the characters YAML does not allow as is
/// (C1 controls, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF) as `\x`, `\u` or `\n`-style escapes.
std::string double_quoted(std::string_view s);
void append_double_quoted(std::string& out, std::string_view s);

/// Whether `s` can be written as a plain scalar and read back as the same string (never as
/// a number, a boolean or null): a conservative test, meant for names and conditions that
/// baton itself writes.
bool plain_safe(std::string_view s);

/// `s` as a plain scalar when plain_safe(), double-quoted otherwise.
std::string scalar(std::string_view s);
void append_scalar(std::string& out, std::string_view s);

/// A literal block scalar: `|`, then each line of `text` indented by `indent` spaces (empty
/// lines stay empty). Clip chomping gives the value `text` plus one final newline. The text
/// must satisfy shell::block_safe() and must not end in a newline.
std::string literal_block(std::string_view text, int indent);
void append_literal_block(std::string& out, std::string_view text, int indent);

}  // namespace baton::yaml
