// The front end's entry for one file: the clean-file parser for a file without mistakes, the
// ANTLR path for any other, which explains them.
#include "compiler/frontend/ir_builder.h"

#include "compiler/frontend/antlr_path.h"
#include "compiler/frontend/clean_file_parser.h"

namespace baton {

size_t build_ir(const SourceManager& sources, FileId file, ir::Module& module,
                DiagnosticEngine& diags, std::vector<ImportRequest>& imports) {
  size_t declarations = 0;
  if (parse_clean_file(file, sources.file(file).text, module, imports, declarations))
    return declarations;
  return build_ir_antlr(sources, file, module, diags, imports);
}

}  // namespace baton
