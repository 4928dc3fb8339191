// The ANTLR path: a file that the clean-file parser gave back goes through the ANTLR stages in
// order (lex, check the tokens, parse with SLL and, only when that fails, again with full LL
// and baton's error strategy, then walk the parse tree into the IR), and every mistake in it
// is reported.
#include "compiler/frontend/antlr_path.h"

#include <memory>

#include "compiler/frontend/antlr_headers.h"
#include "compiler/frontend/antlr_tokens.h"
#include "compiler/frontend/parse_tree_to_ir.h"
#include "compiler/frontend/syntax_error_strategy.h"
#include "compiler/frontend/token_checks.h"

namespace baton {

using P = baton_grammar::BatonParser;

size_t build_ir_antlr(const SourceManager& sources, FileId file, ir::Module& module,
                      DiagnosticEngine& diags, std::vector<ImportRequest>& imports) {
  size_t errors_before = diags.error_count();
  antlr4::ANTLRInputStream input(sources.file(file).text);
  SafeLexer lexer(&input);
  SilentListener silent;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&silent);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  BadCharacters bad_chars;
  if (!check_tokens(file, lexer, tokens, diags, bad_chars)) {
    module.incomplete = true;
    return 0;
  }
  module.skipped_names.insert(module.skipped_names.end(), bad_chars.names_after.begin(),
                              bad_chars.names_after.end());

  P parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&silent);
  // Two-stage parsing: SLL with bail-out is fast and right for almost every spec; only a file
  // that fails it is parsed again with full LL and error recovery.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  P::FileContext* root = nullptr;
  size_t syntax_errors = 0;
  std::shared_ptr<BatonErrorStrategy> strategy;
  try {
    root = parser.file();
  } catch (const antlr4::ParseCancellationException&) {
    tokens.seek(0);
    parser.reset();
    strategy = std::make_shared<BatonErrorStrategy>(file, diags, bad_chars.first_on_line);
    parser.setErrorHandler(strategy);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    root = parser.file();
    syntax_errors = strategy->reported();
    module.incomplete = true;
  }
  size_t declarations = parse_tree_to_ir(root, file, module, diags, imports, strategy.get());
  if (declarations == 0 && syntax_errors == 0 && diags.error_count() == errors_before) {
    SourceRange r{file, 1, 1, 1, 1};
    diags
        .report(DiagKind::EmptySpec, r,
                "'" + sources.file(file).display_name + "' declares nothing")
        .help = "a spec declares at least one param, host, service, event, order or import";
  }
  return declarations;
}

}  // namespace baton
