// `baton fmt`: specs rewritten in the canonical layout (docs/style.md), checked, or diffed.
#pragma once

#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic_render.h"

namespace baton {

struct FmtRequest {
  std::vector<std::string> files;  ///< "-": standard input to standard output
  bool check = false;              ///< list the files that would change, write nothing
  bool diff = false;               ///< print a unified diff, write nothing
  bool verify = false;             ///< prove the new layout means the same (format_verify.h)
};

/// Runs `baton fmt`. Exit status: 0 when nothing is wrong (and, with --check or --diff,
/// nothing would change), 1 when a file has a mistake, would change (--check, --diff) or fails
/// --verify, 2 on a usage or I/O error (the largest status of all files wins).
int run_fmt(const FmtRequest& request, const RenderOptions& render);

}  // namespace baton
