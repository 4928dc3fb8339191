// The front end's entry for one file: its declarations added to the IR module, by the
// clean-file parser (compiler/frontend/clean_file_parser.h) and, around its mistakes, by the
// ANTLR path (compiler/frontend/antlr_path.h).
#pragma once

#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"

namespace baton {

/// An `import "path"` found in a file, for the loader to follow.
struct ImportRequest {
  std::string path;
  SourceRange range;
};

/// Limits that keep hostile input from exhausting the stack.
inline constexpr int kMaxNesting = 128;          ///< brackets, braces, parens and ${ } at once
inline constexpr int kMaxExpressionDepth = 512;  ///< depth of one expression's tree

/// Lexes, parses and builds `file` into `module`; reports every lexical and syntax error in
/// `diags` and appends the file's imports to `imports`. Returns the number of declarations
/// found. A file without errors takes the fast path (compiler/frontend/clean_file_parser.h); in
/// any other, ANTLR parses windows around the mistakes and explains them
/// (compiler/frontend/error_windows.h).
size_t build_ir(const SourceManager& sources, FileId file, ir::Module& module,
                DiagnosticEngine& diags, std::vector<ImportRequest>& imports);

}  // namespace baton
