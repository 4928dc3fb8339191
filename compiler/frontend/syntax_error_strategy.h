// The syntax-error strategy of the ANTLR parser: baton's "expected X, found Y" messages in place
// of ANTLR's, repairs that cause no cascades, and resynchronisation at the next member or
// declaration.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontend/antlr_headers.h"

namespace baton {

/// Silences ANTLR's own reports, which would go to the console. The lexer has none worth
/// making (every character matches some token; check_tokens reports the odd ones) and the
/// parser's are made by BatonErrorStrategy.
class SilentListener final : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t, size_t, const std::string&,
                   std::exception_ptr) override {}
};

/// Replaces ANTLR's messages ("mismatched input") with baton's, reported as diagnostics.
class BatonErrorStrategy final : public antlr4::DefaultErrorStrategy {
 public:
  /// `bad_chars`: line -> column of the first invalid character on it (already reported);
  /// `earlier`: the syntax errors met in the file before this parse (a window of it).
  BatonErrorStrategy(FileId file, DiagnosticEngine& diags,
                     const std::unordered_map<size_t, size_t>& bad_chars, size_t earlier = 0)
      : file_(file), diags_(diags), reported_(earlier), bad_chars_(bad_chars) {}
  /// The syntax errors met, whether reported or dropped as echoes of another.
  size_t reported() const { return reported_; }
  /// The token index of the last syntax error met, SIZE_MAX for none.
  size_t last_error_token() const { return last_error_token_; }
  /// Whether a syntax error was reported while parsing inside `block` (a service or host).
  bool broken(const antlr4::ParserRuleContext* block) const { return broken_.count(block) > 0; }
  /// The identifiers that recovery skipped, in order.
  const std::vector<std::string>& skipped_names() const { return skipped_names_; }
  /// Whether the token at `token_index` ends an operand followed by a '=' reported as a
  /// comparison meant (`when index = 0`): the expression that ends there is not the author's.
  bool compare_meant_after(size_t token_index) const {
    return compare_meant_after_.count(token_index) > 0;
  }

 protected:
  void reportNoViableAlternative(antlr4::Parser* p, const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* p, const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* p, const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* p) override;
  void reportMissingToken(antlr4::Parser* p) override;
  void sync(antlr4::Parser* p) override;
  void consumeUntil(antlr4::Parser* p, const antlr4::misc::IntervalSet& set) override;
  antlr4::Token* singleTokenDeletion(antlr4::Parser* p) override;

 private:
  /// The block that the parser is inside, for "to close service 'web'".
  struct OpenBlock {
    std::string what;
    const antlr4::Token* brace = nullptr;
  };

  static antlr4::misc::IntervalSet expected_here(antlr4::Parser* p);
  static std::string named(const std::string& kind, baton_grammar::BatonParser::NameContext* n);
  /// The innermost action, service or host whose '{' the parser is inside, if any.
  static OpenBlock open_block(antlr4::Parser* p);
  /// Whether `t` most likely starts the next declaration (or ends the file): the block before
  /// it was left open.
  static bool ends_block(const antlr4::Token* t);
  /// Reports a syntax error at `t`, unless it echoes one already reported.
  void report(antlr4::Parser* p, antlr4::Token* t, const antlr4::misc::IntervalSet& expected);

  static constexpr size_t kMaxSyntaxErrorsPerFile = 50;
  FileId file_;
  DiagnosticEngine& diags_;
  size_t reported_ = 0;
  const std::unordered_map<size_t, size_t>& bad_chars_;
  size_t last_error_token_ = SIZE_MAX;  ///< token index of the last syntax error reported
  std::unordered_set<const antlr4::ParserRuleContext*> broken_;
  std::vector<std::string> skipped_names_;
  std::unordered_set<size_t> compare_meant_after_;  ///< token indexes of the operands' ends
};

}  // namespace baton
