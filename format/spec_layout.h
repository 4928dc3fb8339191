// The canonical layout of a spec (docs/style.md): from its tokens, comments and blank lines
// to its text. Only the layout: the text must parse (format_spec() in formatter.h checks).
#pragma once

#include <string>
#include <string_view>

#include "format/layout_doc.h"

namespace baton::format {

/// `text` (a spec without a byte order mark, lines ending in `\n`) in the canonical layout.
/// Generic rules, not the grammar's productions: blocks `{ }` indent, each declaration,
/// member, attribute or command on its own line, lists and calls wrap at commas. A construct
/// this file does not know is laid out by the same rules, its line breaks between items kept.
std::string layout_spec(std::string_view text, const LayoutWidth& width = {});

}  // namespace baton::format
