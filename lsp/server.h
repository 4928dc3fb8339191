// The language server: the protocol's lifecycle, the open documents, the diagnostics pushed to
// the editor, and the requests it answers (hover, definition, references, rename, symbols,
// completion), all from the same front end and analyses as `baton check`.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lsp/positions.h"
#include "lsp/spec_checker.h"
#include "lsp/symbol_index.h"

namespace baton::lsp {

class LanguageServer {
 public:
  explicit LanguageServer(SpecChecker& checker) : checker_(checker) {}

  /// Serves the client on `in_fd`/`out_fd` until `exit` or the end of the input. Returns the
  /// process's exit status: 0 when `shutdown` came before, 1 otherwise.
  int serve(int in_fd, int out_fd);

  /// Handles one message (a request, a response or a notification); what it answers or
  /// publishes goes to the output. Public for tests that drive the server without a stream.
  void handle(const nlohmann::json& message);

 private:
  struct Document {
    std::string path;  ///< canonical path: the overlay's key
    int64_t version = 0;
    std::string text;
  };
  /// A checked spec and, built when first asked for, its symbol index.
  struct Analysis {
    std::unique_ptr<CheckedSpec> spec;
    std::unique_ptr<SymbolIndex> index;
    const SymbolIndex& symbols();
    /// The plan, built when first asked for; nullptr when the spec has no plan (an error, a
    /// param without a value).
    const plan::Plan* plan();
    bool plan_built = false;
    std::optional<plan::Plan> built;
  };
  /// Where a position of a document is in one of the analyses.
  struct Place {
    Analysis* analysis = nullptr;
    FileId file = kNoFile;
    uint32_t line = 0, col = 0;  ///< 1-based, code points
  };

  nlohmann::json dispatch(const std::string& method, const nlohmann::json& params);
  void notify(const std::string& method, const nlohmann::json& params);

  // Lifecycle and documents.
  nlohmann::json initialize(const nlohmann::json& params);
  void did_open(const nlohmann::json& params);
  void did_change(const nlohmann::json& params);
  void did_close(const nlohmann::json& params);

  // Diagnostics: every open document checked again, what changed published.
  void flush();
  nlohmann::json diagnostic_json(const Diagnostic& d, const SourceManager& sm) const;

  // Requests.
  nlohmann::json hover(const nlohmann::json& params);
  nlohmann::json definition(const nlohmann::json& params);
  nlohmann::json references(const nlohmann::json& params);
  nlohmann::json prepare_rename(const nlohmann::json& params);
  nlohmann::json rename(const nlohmann::json& params);
  nlohmann::json document_symbol(const nlohmann::json& params);
  nlohmann::json workspace_symbol(const nlohmann::json& params);
  nlohmann::json completion(const nlohmann::json& params);
  nlohmann::json code_action(const nlohmann::json& params);
  nlohmann::json folding_range(const nlohmann::json& params);
  nlohmann::json inlay_hint(const nlohmann::json& params);
  nlohmann::json semantic_tokens(const nlohmann::json& params);
  /// For a deadlock (`message`): "mark X repeatable" for each action of the cycle whose split
  /// would work, found by checking the spec again with that action repeatable.
  std::vector<nlohmann::json> repeatable_fixes(const nlohmann::json& params,
                                               const std::string& message,
                                               const nlohmann::json& diagnostic);
  /// The plan's steps of action `action` of service `service`, in plan order.
  static std::vector<const plan::Step*> steps_of(const plan::Plan& plan, const std::string& service,
                                                 const std::string& action);

  /// The first analysis that checked the open document `params.textDocument` names (`doc` set
  /// to it); nullptr when it is not open or not checked yet.
  Analysis* document_analysis(const nlohmann::json& params, const Document*& doc);

  // Positions and places.
  Place place_of(const nlohmann::json& params);
  const Occurrence* occurrence_at(const Place& p);
  nlohmann::json range_json(const SourceManager& sm, const SourceRange& r) const;
  nlohmann::json location_json(const SourceManager& sm, const SourceRange& r) const;
  std::string uri_of(const SourceManager& sm, FileId file) const;
  /// Every occurrence of the declaration under `p`, over all analyses that hold its file,
  /// each place once: (uri, range json) pairs sorted.
  std::vector<std::pair<std::string, nlohmann::json>> all_occurrences(const Place& p,
                                                                      const Occurrence& o);

  SpecChecker& checker_;
  int out_fd_ = 1;
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  int debounce_ms_ = 30;
  bool initialized_ = false, shutdown_ = false, exited_ = false;
  std::map<std::string, Document> documents_;              ///< by URI
  std::map<std::string, std::vector<Analysis>> analyses_;  ///< by the URI of the checked document
  std::map<std::string, nlohmann::json> published_;  ///< the diagnostics last published, by URI
  bool dirty_ = false;                               ///< documents changed since the last check
  std::set<std::string> cancelled_;  ///< ids (as JSON text) of requests cancelled while queued
};

}  // namespace baton::lsp
