// The front end's entry for one file: the clean-file parser for a file without mistakes, the
// ANTLR path in windows around the mistakes of any other, which explains them.
#include "compiler/frontend/ir_builder.h"

#include <cstdlib>

#include "compiler/frontend/antlr_path.h"
#include "compiler/frontend/clean_file_parser.h"
#include "compiler/frontend/error_windows.h"

namespace baton {

size_t build_ir(const SourceManager& sources, FileId file, ir::Module& module,
                DiagnosticEngine& diags, std::vector<ImportRequest>& imports) {
  // BATON_ANTLR_WHOLE_FILE: the whole of a file with a mistake goes through ANTLR, as before
  // the windows; for benchmarks that compare the two (bench/mistakes.py).
  static const bool whole_file = std::getenv("BATON_ANTLR_WHOLE_FILE") != nullptr;
  if (!whole_file) return build_ir_windowed(sources, file, module, diags, imports);
  size_t declarations = 0;
  if (parse_clean_file(file, sources.file(file).text, module, imports, declarations))
    return declarations;
  return build_ir_antlr(sources, file, module, diags, imports);
}

}  // namespace baton
