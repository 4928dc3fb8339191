// Rendering diagnostics for people (human, gcc) and for tools (json, sarif).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"

namespace baton {

enum class DiagFormat { Human, Gcc, Json, Sarif };

struct RenderOptions {
  DiagFormat format = DiagFormat::Human;
  bool color = false;  ///< ANSI colours (human only)
};

/// All diagnostics in one text: for human and gcc one block or line each, followed by a
/// summary line for human; for json and sarif one document. In human and gcc, messages, notes,
/// help and file names pass through printable_text, and a source line that is not text (a NUL,
/// a byte that is not UTF-8) is not quoted.
std::string render_diagnostics(const std::vector<Diagnostic>& diags, const SourceManager& sources,
                               const RenderOptions& options);

/// `text` made safe for a terminal and for line-based tools: every control character (C0, DEL,
/// C1) and every byte that is not UTF-8 is shown as an escape (`\n`, `\r`, `\t`, else `\xHH`
/// per byte), so that no ESC sequence reaches the terminal and no newline starts a line.
std::string printable_text(std::string_view text);

}  // namespace baton
