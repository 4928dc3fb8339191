// The ANTLR path: a file (or a window of it, see error_windows.h) that the clean-file parser
// gave back goes through the ANTLR stages in order (lex, check the tokens, parse with SLL and,
// only when that fails, again with full LL and baton's error strategy, then walk the parse
// tree into the IR), and every mistake in it is reported.
#include "compiler/frontend/antlr_path.h"

#include <memory>

#include "compiler/frontend/antlr_headers.h"
#include "compiler/frontend/antlr_tokens.h"
#include "compiler/frontend/parse_tree_to_ir.h"
#include "compiler/frontend/syntax_error_strategy.h"
#include "compiler/frontend/token_checks.h"

namespace baton {
namespace {

using P = baton_grammar::BatonParser;

/// Whether the lexer is where it is between two declarations: in the default mode, with only
/// default modes to return to (a '{' left open pushes one; a string or `${` would not lex the
/// next window as a fresh lexer does).
bool between_declarations(const SafeLexer& lexer) {
  if (lexer.mode != antlr4::Lexer::DEFAULT_MODE) return false;
  for (size_t m : lexer.modeStack)
    if (m != antlr4::Lexer::DEFAULT_MODE) return false;
  return true;
}

/// A token stream that notes where the parser was when it first looked at the end of the
/// input: a decision that looked past the window's last declaration before the parser was done
/// with it might have gone another way in the whole file, where more follows.
class WatchedTokens final : public antlr4::CommonTokenStream {
 public:
  using CommonTokenStream::CommonTokenStream;
  antlr4::Token* LT(ssize_t k) override {
    antlr4::Token* t = CommonTokenStream::LT(k);
    if (k > 0 && t && t->getType() == antlr4::Token::EOF && end_seen_from_ == SIZE_MAX)
      end_seen_from_ = index();
    return t;
  }
  /// The index of the current token when the end was first looked at; SIZE_MAX if never.
  size_t end_seen_from() const { return end_seen_from_; }
  void forget() { end_seen_from_ = SIZE_MAX; }

 private:
  size_t end_seen_from_ = SIZE_MAX;
};

/// Whether the subtree at `root` holds no error node and no rule that failed.
bool clean_subtree(antlr4::tree::ParseTree* root) {
  std::vector<antlr4::tree::ParseTree*> todo{root};
  while (!todo.empty()) {
    antlr4::tree::ParseTree* t = todo.back();
    todo.pop_back();
    if (dynamic_cast<antlr4::tree::ErrorNode*>(t)) return false;
    if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(t)) {
      if (rule->exception) return false;
      todo.insert(todo.end(), rule->children.begin(), rule->children.end());
    }
  }
  return true;
}

/// Whether ANTLR parsed the window's last declaration, starting at `last`, as the last item
/// of `root`, whole and without a syntax error inside it: then it was between declarations
/// there, as the hand-written parser was, and the whole file parses the same up to here.
bool ends_as_expected(P::FileContext* root, const TextPoint& last,
                      const BatonErrorStrategy* strategy, const WatchedTokens& tokens) {
  P::ItemContext* item = nullptr;
  for (size_t i = root->children.size(); i-- > 0 && !item;) {
    antlr4::tree::ParseTree* child = root->children[i];
    item = dynamic_cast<P::ItemContext*>(child);
    if (!item && !dynamic_cast<antlr4::tree::TerminalNode*>(child)) return false;
    if (!item && dynamic_cast<antlr4::tree::ErrorNode*>(child)) return false;
  }
  if (!item || !item->getStart() || !item->getStop()) return false;
  const antlr4::Token* start = item->getStart();
  if (start->getLine() != last.line || start->getCharPositionInLine() + 1 != last.col) return false;
  if (is_missing(item->getStop())) return false;
  // No decision looked at the end of the window before the parser had taken every token.
  if (tokens.end_seen_from() <= item->getStop()->getTokenIndex()) return false;
  // Errors at the declaration's first token belong to the one before it (an unclosed block).
  if (strategy && strategy->last_error_token() != SIZE_MAX &&
      strategy->last_error_token() > start->getTokenIndex())
    return false;
  return clean_subtree(item);
}

}  // namespace

void clear_antlr_cache() {
  antlr4::ANTLRInputStream input("");
  baton_grammar::BatonLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  P parser(&tokens);
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->clearDFA();
}

void report_empty_spec(const SourceManager& sources, FileId file, DiagnosticEngine& diags) {
  SourceRange r{file, 1, 1, 1, 1};
  diags.report(DiagKind::EmptySpec, r, "'" + sources.file(file).display_name + "' declares nothing")
      .help = "a spec declares at least one param, host, service, event, order or import";
}

void report_all(const std::vector<Diagnostic>& list, DiagnosticEngine& diags) {
  for (const Diagnostic& d : list) diags.report(d.kind, d.range, d.message) = d;
}

AntlrWindowResult build_ir_antlr_window(const SourceManager& sources, FileId file,
                                        const AntlrWindow& window, AntlrFileState& state,
                                        ir::Module& module, std::vector<ImportRequest>& imports,
                                        AntlrWindowOutput& out) {
  const std::string& text = sources.file(file).text;
  antlr4::ANTLRInputStream input(text.data() + window.begin.offset,
                                 window.end - window.begin.offset);
  SafeLexer lexer(&input);
  lexer.setLine(window.begin.line);
  lexer.setCharPositionInLine(window.begin.col - 1);
  SilentListener silent;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&silent);
  WatchedTokens tokens(&lexer);
  tokens.fill();
  if (!window.at_end && !window.stops_only && !between_declarations(lexer))
    return AntlrWindowResult::Unverified;
  BadCharacters bad_chars;
  TokenCheckState token_state{state.lexical_errors, state.depth};
  DiagnosticEngine lexical;
  if (window.stops_only) {
    // The last token (and the end of file after it) may be cut short by the window's end.
    size_t whole_tokens = tokens.getTokens().size() > 2 ? tokens.getTokens().size() - 2 : 0;
    if (check_window_tokens(file, lexer, tokens, lexical, bad_chars, token_state, false,
                            whole_tokens) != TokenCheck::Fatal)
      return AntlrWindowResult::Unverified;
    out.lexical = lexical.diagnostics();
    return AntlrWindowResult::Fatal;
  }
  TokenCheck checked =
      check_window_tokens(file, lexer, tokens, lexical, bad_chars, token_state, window.at_end);
  if (checked == TokenCheck::StillOpen) return AntlrWindowResult::Unverified;
  if (checked == TokenCheck::Fatal) {
    out.lexical = lexical.diagnostics();
    return AntlrWindowResult::Fatal;
  }

  DiagnosticEngine syntax, walk;
  P parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&silent);
  P::FileContext* root = nullptr;
  std::shared_ptr<BatonErrorStrategy> strategy;
  auto parse_with_recovery = [&] {
    strategy = std::make_shared<BatonErrorStrategy>(file, syntax, bad_chars.first_on_line,
                                                    state.syntax_errors);
    parser.setErrorHandler(strategy);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    root = parser.file();
  };
  if (state.recovering) {
    // The whole file would be parsed with full LL and recovery from its first syntax error
    // on, and ANTLR's prediction caches what it meets: parse as it would.
    parse_with_recovery();
  } else {
    // Two-stage parsing: SLL with bail-out is fast and right for almost every spec; only a
    // file that fails it is parsed again with full LL and error recovery.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      root = parser.file();
    } catch (const antlr4::ParseCancellationException&) {
      tokens.seek(0);
      tokens.forget();
      parser.reset();
      parse_with_recovery();
    }
  }
  if (!window.at_end && !ends_as_expected(root, window.last, strategy.get(), tokens))
    return AntlrWindowResult::Unverified;

  state.lexical_errors = token_state.lexical_errors;
  state.depth = token_state.depth;
  if (strategy) state.syntax_errors = strategy->reported();
  state.recovering = state.recovering || strategy != nullptr;
  out.recovered = strategy != nullptr;
  out.lexical = lexical.diagnostics();
  out.names_after = std::move(bad_chars.names_after);
  const size_t skipped_before = module.skipped_names.size();
  out.declarations = parse_tree_to_ir(root, file, module, walk, imports, strategy.get());
  out.skipped.assign(module.skipped_names.begin() + static_cast<std::ptrdiff_t>(skipped_before),
                     module.skipped_names.end());
  module.skipped_names.resize(skipped_before);
  out.syntax = syntax.diagnostics();
  out.walk = walk.diagnostics();
  return AntlrWindowResult::Built;
}

size_t build_ir_antlr(const SourceManager& sources, FileId file, ir::Module& module,
                      DiagnosticEngine& diags, std::vector<ImportRequest>& imports) {
  size_t errors_before = diags.error_count();
  AntlrWindow whole;
  whole.end = sources.file(file).text.size();
  AntlrFileState state;
  AntlrWindowOutput out;
  AntlrWindowResult result =
      build_ir_antlr_window(sources, file, whole, state, module, imports, out);
  report_all(out.lexical, diags);
  if (result == AntlrWindowResult::Fatal) {
    module.incomplete = true;
    return 0;
  }
  report_all(out.syntax, diags);
  report_all(out.walk, diags);
  module.skipped_names.insert(module.skipped_names.end(), out.names_after.begin(),
                              out.names_after.end());
  module.skipped_names.insert(module.skipped_names.end(), out.skipped.begin(), out.skipped.end());
  if (out.recovered) module.incomplete = true;
  if (out.declarations == 0 && state.syntax_errors == 0 && diags.error_count() == errors_before) {
    report_empty_spec(sources, file, diags);
  }
  return out.declarations;
}

}  // namespace baton
