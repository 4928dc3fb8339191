// `baton fmt`'s entry, and the language server's: a spec's text in, its canonical layout out,
// or the front end's diagnostics when the text has a mistake (a file with one is not touched).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "format/layout_doc.h"

namespace baton::format {

/// `raw` (a file's bytes: a byte order mark and `\r\n` line breaks allowed) in the canonical
/// layout of docs/style.md, in `out`. Returns false when the file has a mistake the front end
/// reports (a syntax error, an invalid character or escape, a NUL byte, bytes that are not
/// UTF-8, a file that declares nothing): the diagnostics are in `diags`, their ranges in file
/// `display_name` added to `sources`, and `out` is left alone.
bool format_spec(std::string_view raw, const std::string& display_name, SourceManager& sources,
                 DiagnosticEngine& diags, std::string& out, const LayoutWidth& width = {});

/// `raw` without its byte order mark, its `\r\n` line breaks made `\n`: what the layout reads.
std::string normalized_text(std::string_view raw);

/// A comment of a spec and where it stands: after how many tokens (`;` and `,` left out: the
/// layout drops the one and adds trailing ones of the other).
struct PlacedComment {
  std::string text;  ///< trailing spaces of each of its lines removed
  size_t tokens_before = 0;
  bool operator==(const PlacedComment& o) const {
    return text == o.text && tokens_before == o.tokens_before;
  }
};

/// The comments of `text` (normalized), in order: `--verify` checks that formatting keeps
/// each one exactly once, between the same tokens.
std::vector<PlacedComment> placed_comments(std::string_view text);

}  // namespace baton::format
