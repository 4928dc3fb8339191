// Rendering diagnostics for people (human, gcc) and for tools (json, sarif).
#pragma once

#include <string>
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
/// summary line for human; for json and sarif one document.
std::string render_diagnostics(const std::vector<Diagnostic>& diags, const SourceManager& sources,
                               const RenderOptions& options);

}  // namespace baton
