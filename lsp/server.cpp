// The language server's lifecycle, documents and requests.
#include "lsp/server.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <stdexcept>

#include "analyses/builtins.h"
#include "analyses/pipeline.h"
#include "analyses/resolve.h"
#include "compiler/base/version.h"
#include "lsp/json_rpc.h"
#include "lsp/uri.h"

namespace baton::lsp {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;
constexpr int kRequestCancelled = -32800;

/// An error answer to a request.
struct RequestError : std::runtime_error {
  int code;
  RequestError(int c, const std::string& message) : std::runtime_error(message), code(c) {}
};

/// The words of the language (grammar/BatonLexer.g4): a rename may not take one.
const char* const kKeywords[] = {"import",  "param", "host",   "min",        "service",
                                 "on",      "input", "output", "capture",    "action",
                                 "handler", "when",  "after",  "repeatable", "env",
                                 "sh",      "order", "before", "true",       "false"};

bool is_keyword(const std::string& word) {
  return std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords);
}

bool is_identifier(const std::string& word) {
  if (word.empty() || !(std::isalpha(static_cast<unsigned char>(word[0])) || word[0] == '_'))
    return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string canonical_path(const std::string& path) {
  std::error_code ec;
  std::string c = fs::weakly_canonical(path, ec).string();
  return ec || c.empty() ? fs::path(path).lexically_normal().string() : c;
}

/// The text `r` covers (at most a few hundred bytes, "..." after), lines joined as they are.
std::string range_text(const SourceManager& sm, const SourceRange& r) {
  if (!r.valid()) return "";
  std::string out;
  for (uint32_t line = r.line; line <= r.end_line && out.size() < 300; ++line) {
    std::string_view text = sm.line_text(r.file, line);
    size_t begin = 0, end = text.size();
    auto byte_of = [&](uint32_t col) {
      size_t i = 0;
      for (uint32_t c = 1; c < col && i < text.size(); ++c) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
      }
      return i;
    };
    if (line == r.line) begin = byte_of(r.col);
    if (line == r.end_line) end = byte_of(r.end_col);
    if (line != r.line) out += "\n";
    if (begin < end) out += text.substr(begin, end - begin);
  }
  if (out.size() > 300) out = out.substr(0, 300) + "...";
  return out;
}

int severity_number(Severity s) {
  switch (s) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    case Severity::Remark: return 3;
  }
  return 1;
}

/// The protocol's SymbolKind of a declaration.
int symbol_kind(const Declaration& d, const ir::Module& m) {
  switch (d.kind) {
    case NameKind::Param: return 14;    // Constant
    case NameKind::Host: return 23;     // Struct
    case NameKind::HostAttr: return 8;  // Field
    case NameKind::Service: return 5;   // Class
    case NameKind::Input: return 13;    // Variable
    case NameKind::Output: return 7;    // Property
    case NameKind::Action: return m.services[d.owner].actions[d.index].handler ? 24 : 6;
  }
  return 13;
}

bool contains(const SourceRange& r, FileId file, uint32_t line, uint32_t col) {
  if (!r.valid() || r.file != file) return false;
  if (line < r.line || line > r.end_line) return false;
  if (line == r.line && col < r.col) return false;
  if (line == r.end_line && col > r.end_col) return false;
  return true;
}

}  // namespace

const SymbolIndex& LanguageServer::Analysis::symbols() {
  if (!index) index = std::make_unique<SymbolIndex>(spec->module);
  return *index;
}

const plan::Plan* LanguageServer::Analysis::plan() {
  if (!plan_built) {
    plan_built = true;
    bool errors = std::any_of(spec->diagnostics.begin(), spec->diagnostics.end(),
                              [](const Diagnostic& d) { return d.severity == Severity::Error; });
    if (!errors) {
      DiagnosticEngine ignored;  // check has reported what matters; plan adds missing values
      built = build_plan(spec->module, spec->plan_options, ignored);
    }
  }
  return built ? &*built : nullptr;
}

LanguageServer::Analysis* LanguageServer::document_analysis(const json& params,
                                                            const Document*& doc) {
  std::string uri = params.at("textDocument").at("uri");
  auto open = documents_.find(uri);
  auto list = analyses_.find(uri);
  if (open == documents_.end() || list == analyses_.end() || list->second.empty()) return nullptr;
  doc = &open->second;
  return &list->second.front();
}

std::vector<const plan::Step*> LanguageServer::steps_of(const plan::Plan& plan,
                                                        const std::string& service,
                                                        const std::string& action) {
  std::vector<const plan::Step*> out;
  for (const plan::Step& s : plan.steps)
    if (s.service == service && s.action == action) out.push_back(&s);
  return out;
}

// ---- the loop

int LanguageServer::serve(int in_fd, int out_fd) {
  out_fd_ = out_fd;
  MessageReader reader(in_fd);
  std::deque<json> queue;
  bool eof = false;
  auto read_one = [&]() {
    std::string body;
    switch (reader.read(body)) {
      case MessageReader::Status::Eof: eof = true; return;
      case MessageReader::Status::Malformed:
        write_message(
            out_fd_,
            {{"jsonrpc", "2.0"},
             {"id", nullptr},
             {"error",
              {{"code", kParseError}, {"message", "missing or invalid Content-Length header"}}}});
        return;
      case MessageReader::Status::Message: break;
    }
    json message = json::parse(body, nullptr, false);
    if (message.is_discarded()) {
      write_message(out_fd_,
                    {{"jsonrpc", "2.0"},
                     {"id", nullptr},
                     {"error", {{"code", kParseError}, {"message", "the message is not JSON"}}}});
      return;
    }
    // Cancellation is seen as the message arrives, so that a request still queued behind a
    // slow one is answered as cancelled instead of computed.
    if (message.is_object() && message.contains("method") &&
        message["method"] == "$/cancelRequest" && message.contains("params") &&
        message["params"].is_object() && message["params"].contains("id"))
      cancelled_.insert(message["params"]["id"].dump());
    queue.push_back(std::move(message));
  };
  while (!exited_) {
    if (queue.empty()) {
      if (eof) break;
      // Debounce: check only once the editor has paused typing.
      if (dirty_ && !reader.ready(debounce_ms_)) {
        flush();
        continue;
      }
      read_one();
    }
    // Take in what has already arrived, so that cancellations and later edits are known.
    for (int k = 0; k < 256 && !eof && reader.ready(0); ++k) read_one();
    if (queue.empty()) continue;
    json message = std::move(queue.front());
    queue.pop_front();
    try {
      handle(message);
    } catch (const std::exception&) {
      // handle() answers every request it can; what escapes it (a message too odd to even
      // answer) is dropped rather than ending the session.
    }
    // A cancellation of a request no longer queued has nothing left to cancel.
    if (queue.empty()) cancelled_.clear();
  }
  return exited_ && shutdown_ ? 0 : 1;
}

void LanguageServer::notify(const std::string& method, const json& params) {
  write_message(out_fd_, {{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

void LanguageServer::handle(const json& message) {
  if (!message.is_object()) {
    write_message(
        out_fd_,
        {{"jsonrpc", "2.0"},
         {"id", nullptr},
         {"error", {{"code", kInvalidRequest}, {"message", "a message is a JSON object"}}}});
    return;
  }
  const bool is_request = message.contains("id");
  const auto method_it = message.find("method");
  if (method_it == message.end() || !method_it->is_string()) {
    if (is_request && !message.contains("result") && !message.contains("error")) {
      write_message(
          out_fd_,
          {{"jsonrpc", "2.0"},
           {"id", message["id"]},
           {"error", {{"code", kInvalidRequest}, {"message", "a request names its method"}}}});
    }
    return;  // a response to a request of ours: the server sends none that need one
  }
  const std::string method = *method_it;
  const json params = message.value("params", json::object());
  json id = is_request ? message["id"] : json();
  auto answer_error = [&](int code, const std::string& text) {
    write_message(out_fd_,
                  {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", text}}}});
  };
  if (is_request && cancelled_.erase(id.dump()) > 0) {
    answer_error(kRequestCancelled, "request cancelled");
    return;
  }
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (!initialized_ && method != "initialize") {
    if (is_request) answer_error(kServerNotInitialized, "the server is not initialized yet");
    return;
  }
  if (shutdown_) {
    if (is_request) answer_error(kInvalidRequest, "the server is shut down");
    return;
  }
  try {
    // A request needs an up-to-date model: pending checks run first (and publish) before the
    // answer, so what a client sees is in the order it asked.
    if (is_request && dirty_) flush();
    json result = dispatch(method, params);
    if (is_request) {
      // Moved, not copied: a large spec's symbol list is tens of megabytes as JSON values.
      json response = {{"jsonrpc", "2.0"}, {"id", id}};
      response["result"] = std::move(result);
      write_message(out_fd_, response);
    }
  } catch (const RequestError& e) {
    if (is_request) answer_error(e.code, e.what());
  } catch (const json::exception& e) {
    if (is_request) answer_error(kInvalidParams, std::string("invalid params: ") + e.what());
  } catch (const std::exception& e) {
    if (is_request) answer_error(kInternalError, e.what());
  }
}

json LanguageServer::dispatch(const std::string& method, const json& params) {
  if (method == "initialize") return initialize(params);
  if (method == "initialized") return nullptr;
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/didOpen") return did_open(params), nullptr;
  if (method == "textDocument/didChange") return did_change(params), nullptr;
  if (method == "textDocument/didClose") return did_close(params), nullptr;
  if (method == "textDocument/hover") return hover(params);
  if (method == "textDocument/definition") return definition(params);
  if (method == "textDocument/references") return references(params);
  if (method == "textDocument/prepareRename") return prepare_rename(params);
  if (method == "textDocument/rename") return rename(params);
  if (method == "textDocument/documentSymbol") return document_symbol(params);
  if (method == "workspace/symbol") return workspace_symbol(params);
  if (method == "textDocument/completion") return completion(params);
  if (method == "textDocument/codeAction") return code_action(params);
  if (method == "textDocument/foldingRange") return folding_range(params);
  if (method == "textDocument/inlayHint") return inlay_hint(params);
  if (method == "textDocument/semanticTokens/full") return semantic_tokens(params);
  // Notifications the server has no use for (didSave, $/setTrace, configuration) are ignored,
  // as the protocol asks; a request nobody serves is an error.
  throw RequestError(kMethodNotFound, "method not found: " + method);
}

json LanguageServer::initialize(const json& params) {
  if (initialized_) throw RequestError(kInvalidRequest, "initialize was already received");
  initialized_ = true;
  const json* encodings = nullptr;
  if (params.contains("capabilities") && params["capabilities"].contains("general") &&
      params["capabilities"]["general"].contains("positionEncodings"))
    encodings = &params["capabilities"]["general"]["positionEncodings"];
  if (encodings && encodings->is_array()) {
    for (const json& e : *encodings)
      if (e == "utf-8") encoding_ = PositionEncoding::Utf8;
  }
  if (params.contains("initializationOptions") && params["initializationOptions"].is_object()) {
    const json& o = params["initializationOptions"];
    if (o.contains("debounceMs") && o["debounceMs"].is_number_integer())
      debounce_ms_ = std::clamp(o["debounceMs"].get<int>(), 0, 10000);
  }
  json caps = {
      {"positionEncoding", encoding_ == PositionEncoding::Utf8 ? "utf-8" : "utf-16"},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"documentSymbolProvider", true},
      {"workspaceSymbolProvider", true},
      {"completionProvider", {{"triggerCharacters", {"."}}}},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"foldingRangeProvider", true},
      {"inlayHintProvider", true},
      {"semanticTokensProvider",
       {{"legend",
         {{"tokenTypes", {"variable", "namespace", "property", "class", "parameter", "method"}},
          {"tokenModifiers", {"declaration", "readonly"}}}},
        {"full", true}}},
  };
  return {{"capabilities", caps}, {"serverInfo", {{"name", "baton"}, {"version", kVersion}}}};
}

// ---- documents

void LanguageServer::did_open(const json& params) {
  const json& doc = params.at("textDocument");
  std::string uri = doc.at("uri");
  std::string path = uri_to_path(uri);
  if (path.empty()) return;  // not a file: nothing to check it against
  Document& d = documents_[uri];
  d.path = canonical_path(path);
  d.version = doc.value("version", int64_t{0});
  d.text = doc.at("text").get<std::string>();
  dirty_ = true;
}

void LanguageServer::did_change(const json& params) {
  const json& doc = params.at("textDocument");
  auto it = documents_.find(doc.at("uri").get<std::string>());
  if (it == documents_.end()) return;
  Document& d = it->second;
  for (const json& change : params.at("contentChanges")) {
    if (!change.contains("range")) {
      d.text = change.at("text").get<std::string>();
      continue;
    }
    const json& r = change["range"];
    Position start{r.at("start").at("line").get<uint32_t>(),
                   r["start"].at("character").get<uint32_t>()};
    Position end{r.at("end").at("line").get<uint32_t>(), r["end"].at("character").get<uint32_t>()};
    size_t a = offset_of(d.text, start, encoding_), b = offset_of(d.text, end, encoding_);
    if (b < a) std::swap(a, b);
    d.text.replace(a, b - a, change.at("text").get<std::string>());
  }
  d.version = doc.value("version", d.version);
  dirty_ = true;
}

void LanguageServer::did_close(const json& params) {
  std::string uri = params.at("textDocument").at("uri");
  documents_.erase(uri);
  analyses_.erase(uri);
  dirty_ = true;
}

// ---- diagnostics

json LanguageServer::diagnostic_json(const Diagnostic& d, const SourceManager& sm) const {
  const DiagKindInfo& info = diag_info(d.kind);
  std::string message = d.message;
  json related = json::array();
  for (const DiagNote& n : d.notes) {
    if (n.range.valid()) {
      related.push_back({{"location", location_json(sm, n.range)}, {"message", n.message}});
    } else {
      message += "\nnote: " + n.message;
    }
  }
  if (!d.help.empty()) message += "\nhelp: " + d.help;
  json out = {{"range", d.range.valid() ? range_json(sm, d.range)
                                        : json{{"start", {{"line", 0}, {"character", 0}}},
                                               {"end", {{"line", 0}, {"character", 0}}}}},
              {"severity", severity_number(d.severity)},
              {"code", info.code},
              {"source", "baton"},
              {"message", message}};
  if (!related.empty()) out["relatedInformation"] = related;
  return out;
}

void LanguageServer::flush() {
  dirty_ = false;
  SourceOverlay overlay;
  for (const auto& [uri, doc] : documents_) overlay[doc.path] = doc.text;
  std::map<std::string, json> now;
  std::map<std::string, std::set<std::string>> seen;
  analyses_.clear();
  for (const auto& [uri, doc] : documents_) {
    std::vector<Analysis>& list = analyses_[uri];
    for (std::unique_ptr<CheckedSpec>& spec : checker_.check(doc.path, overlay)) {
      const SourceManager& sm = spec->sources;
      for (const Diagnostic& d : spec->diagnostics) {
        std::string target = d.range.valid() ? uri_of(sm, d.range.file) : uri;
        if (target.empty()) target = uri;
        json dj = diagnostic_json(d, sm);
        if (!seen[target].insert(dj.dump()).second) continue;  // a file checked by two specs
        json& bucket = now[target];
        if (bucket.is_null()) bucket = json::array();
        bucket.push_back(std::move(dj));
      }
      list.emplace_back();
      list.back().spec = std::move(spec);
    }
    if (!now.count(uri)) now[uri] = json::array();
  }
  for (const auto& [uri, old] : published_)
    if (!now.count(uri) && !old.empty()) now[uri] = json::array();
  for (auto& [uri, diags] : now) {
    json params = {{"uri", uri}, {"diagnostics", diags}};
    auto doc = documents_.find(uri);
    if (doc != documents_.end()) params["version"] = doc->second.version;
    notify("textDocument/publishDiagnostics", params);
  }
  published_ = std::move(now);
}

// ---- positions

std::string LanguageServer::uri_of(const SourceManager& sm, FileId file) const {
  if (file >= sm.size()) return "";
  const SourceFile& f = sm.file(file);
  return f.canonical.empty() ? "" : path_to_uri(f.canonical);
}

json LanguageServer::range_json(const SourceManager& sm, const SourceRange& r) const {
  auto pos = [&](uint32_t line, uint32_t col) {
    uint32_t line0 = line > 0 ? line - 1 : 0;
    return json{{"line", line0},
                {"character", character_of(sm.line_text(r.file, line), col, encoding_)}};
  };
  return {{"start", pos(r.line, r.col)}, {"end", pos(r.end_line, r.end_col)}};
}

json LanguageServer::location_json(const SourceManager& sm, const SourceRange& r) const {
  return {{"uri", uri_of(sm, r.file)}, {"range", range_json(sm, r)}};
}

LanguageServer::Place LanguageServer::place_of(const json& params) {
  std::string uri = params.at("textDocument").at("uri");
  const json& p = params.at("position");
  Position pos{p.at("line").get<uint32_t>(), p.at("character").get<uint32_t>()};
  Place out;
  auto doc = documents_.find(uri);
  auto list = analyses_.find(uri);
  if (doc == documents_.end() || list == analyses_.end()) return out;
  for (Analysis& a : list->second) {
    const SourceManager& sm = a.spec->sources;
    for (FileId f = 0; f < sm.size(); ++f) {
      if (sm.file(f).canonical != doc->second.path) continue;
      std::string_view line = sm.line_text(f, pos.line + 1);
      size_t byte = offset_of(line, Position{0, pos.character}, encoding_);
      out.analysis = &a;
      out.file = f;
      out.line = pos.line + 1;
      out.col = column_of(line, byte);
      return out;
    }
  }
  return out;
}

const Occurrence* LanguageServer::occurrence_at(const Place& p) {
  if (!p.analysis) return nullptr;
  return p.analysis->symbols().at(p.file, p.line, p.col);
}

std::vector<std::pair<std::string, json>> LanguageServer::all_occurrences(const Place& p,
                                                                          const Occurrence& o) {
  const Declaration& decl = p.analysis->symbols().declarations()[o.declaration];
  const SourceManager& home = p.analysis->spec->sources;
  const std::string decl_path = home.file(decl.name_range.file).canonical;
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<std::pair<std::string, json>> out;
  // The same declaration in every analysis that holds its file: found by place and kind.
  for (auto& [uri, list] : analyses_) {
    for (Analysis& a : list) {
      const SourceManager& sm = a.spec->sources;
      const SymbolIndex& index = a.symbols();
      for (FileId f = 0; f < sm.size(); ++f) {
        if (sm.file(f).canonical != decl_path) continue;
        const Occurrence* there = index.at(f, decl.name_range.line, decl.name_range.col);
        if (!there || index.declarations()[there->declaration].kind != decl.kind) continue;
        for (const SourceRange& r : index.occurrences(there->declaration)) {
          std::string u = uri_of(sm, r.file);
          json range = range_json(sm, r);
          if (seen.emplace(u, range.dump()).second) out.emplace_back(u, range);
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    auto key = [](const auto& x) {
      return std::make_tuple(x.first, x.second["start"]["line"].template get<uint32_t>(),
                             x.second["start"]["character"].template get<uint32_t>());
    };
    return key(a) < key(b);
  });
  return out;
}

// ---- requests

json LanguageServer::hover(const json& params) {
  Place p = place_of(params);
  const Occurrence* o = occurrence_at(p);
  if (!o) return nullptr;
  const SymbolIndex& index = p.analysis->symbols();
  const Declaration& d = index.declarations()[o->declaration];
  const ir::Module& m = p.analysis->spec->module;
  const SourceManager& sm = p.analysis->spec->sources;
  auto expr_text = [&](ir::ExprId id) {
    return id.valid() ? range_text(sm, m.expr(id).range) : std::string();
  };
  std::string code, extra;
  switch (d.kind) {
    case NameKind::Param: {
      const ir::Param& prm = m.params[d.index];
      code = "param " + prm.name;
      if (prm.type) code += std::string(": ") + ir::type_name(*prm.type);
      for (const ParamSetting& set : p.analysis->spec->plan_options.params) {
        if (set.name != prm.name) continue;
        std::string where = set.origin.valid() ? sm.file(set.origin.file).display_name
                                               : std::string("the command line");
        extra = prm.type == ir::Type::Secret
                    ? "Given a value in " + where + " (not shown: a secret)."
                    : "Value `" + set.value + "`, from " + where + ".";
      }
      if (prm.default_value.valid()) {
        code += " = " + (prm.type == ir::Type::Secret ? std::string("(secret)")
                                                      : expr_text(prm.default_value));
      } else if (extra.empty()) {
        extra = "No default: give it with `--param " + prm.name + "=VALUE` or in baton.toml.";
      }
      break;
    }
    case NameKind::Host: {
      const ir::Host& h = m.hosts[d.index];
      code = "host " + h.name;
      if (h.is_group()) {
        code += "[" + expr_text(h.count) + "]";
        if (h.minimum.valid()) code += " min " + expr_text(h.minimum);
        extra = "A replicated group: members `" + h.name + "[0]` .. `" + h.name + "[" +
                expr_text(h.count) + " - 1]`.";
        if (const plan::Plan* plan = p.analysis->plan()) {
          auto members = std::count_if(plan->hosts.begin(), plan->hosts.end(),
                                       [&](const plan::Host& ph) { return ph.group == h.name; });
          extra += " In the plan: " + std::to_string(members) + " members.";
        }
      }
      break;
    }
    case NameKind::HostAttr: {
      const ir::Host& h = m.hosts[d.owner];
      code = h.attrs[d.index].name + " = " + expr_text(h.attrs[d.index].value);
      extra = "Attribute of host `" + h.name + "`.";
      break;
    }
    case NameKind::Service: {
      const ir::Service& s = m.services[d.index];
      code = "service " + s.name + (s.host.empty() ? "" : " on " + s.host);
      auto count = [](size_t n, const char* word) {
        return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
      };
      extra = count(s.inputs.size(), "input") + ", " + count(s.outputs.size(), "output") + ", " +
              count(s.actions.size(), "action") + ".";
      break;
    }
    case NameKind::Input: {
      const ir::Input& in = m.services[d.owner].inputs[d.index];
      code = "input " + in.name + " = " + expr_text(in.value);
      extra = "Input of service `" + m.services[d.owner].name + "`.";
      break;
    }
    case NameKind::Output: {
      const ir::Output& out = m.services[d.owner].outputs[d.index];
      code = "output " + out.name + " = " + (out.captured ? "capture " : "") + expr_text(out.value);
      extra = std::string(out.captured ? "Captured at run time" : "Static") +
              ": output of service `" + m.services[d.owner].name + "`.";
      break;
    }
    case NameKind::Action: {
      const ir::Action& a = m.services[d.owner].actions[d.index];
      code =
          std::string(a.handler ? "handler " : "action ") + m.services[d.owner].name + "." + a.name;
      if (a.repeatable) code += " repeatable";
      if (a.when.valid()) code += " when " + expr_text(a.when);
      extra =
          std::to_string(a.commands.size()) + (a.commands.size() == 1 ? " command." : " commands.");
      if (const plan::Plan* plan = p.analysis->plan()) {
        std::vector<const plan::Step*> steps = steps_of(*plan, m.services[d.owner].name, a.name);
        if (steps.empty())
          extra += "\n\nIn the plan: no step (its guard is false for every member).";
        for (size_t k = 0; k < steps.size() && k < 8; ++k) {
          const plan::Step& st = *steps[k];
          if (k == 0) extra += "\n\nIn the plan (" + std::to_string(plan->levels) + " levels):";
          extra += "\n- `" + st.label() + "`: level " + std::to_string(st.level);
          if (!st.waits_for.empty()) {
            extra += ", waits for ";
            for (size_t w = 0; w < st.waits_for.size() && w < 4; ++w)
              extra += (w ? ", `" : "`") + plan->steps[st.waits_for[w].step].label() + "`";
            if (st.waits_for.size() > 4)
              extra += " and " + std::to_string(st.waits_for.size() - 4) + " more";
          }
        }
        if (steps.size() > 8)
          extra += "\n- and " + std::to_string(steps.size() - 8) + " more steps";
      }
      break;
    }
  }
  std::string value = "```baton\n" + code + "\n```";
  if (!extra.empty()) value += "\n\n" + extra;
  return {{"contents", {{"kind", "markdown"}, {"value", value}}},
          {"range", range_json(sm, o->range)}};
}

json LanguageServer::definition(const json& params) {
  Place p = place_of(params);
  const Occurrence* o = occurrence_at(p);
  if (!o) return nullptr;
  const Declaration& d = p.analysis->symbols().declarations()[o->declaration];
  return location_json(p.analysis->spec->sources, d.name_range);
}

json LanguageServer::references(const json& params) {
  Place p = place_of(params);
  const Occurrence* o = occurrence_at(p);
  if (!o) return json::array();
  bool with_declaration = true;
  if (params.contains("context") && params["context"].is_object())
    with_declaration = params["context"].value("includeDeclaration", true);
  const Declaration& d = p.analysis->symbols().declarations()[o->declaration];
  json decl_location = location_json(p.analysis->spec->sources, d.name_range);
  json out = json::array();
  for (auto& [uri, range] : all_occurrences(p, *o)) {
    if (!with_declaration && uri == decl_location["uri"] && range == decl_location["range"])
      continue;
    out.push_back({{"uri", uri}, {"range", range}});
  }
  return out;
}

json LanguageServer::prepare_rename(const json& params) {
  Place p = place_of(params);
  const Occurrence* o = occurrence_at(p);
  if (!o) return nullptr;
  const Declaration& d = p.analysis->symbols().declarations()[o->declaration];
  return {{"range", range_json(p.analysis->spec->sources, o->range)}, {"placeholder", d.name}};
}

json LanguageServer::rename(const json& params) {
  std::string new_name = params.at("newName");
  if (!is_identifier(new_name)) {
    throw RequestError(
        kInvalidParams,
        "'" + new_name + "' is not a name: letters, digits and _, not starting with a digit");
  }
  if (is_keyword(new_name)) throw RequestError(kInvalidParams, "'" + new_name + "' is a keyword");
  Place p = place_of(params);
  const Occurrence* o = occurrence_at(p);
  if (!o) throw RequestError(kInvalidParams, "there is no name to rename here");
  json changes = json::object();
  for (auto& [uri, range] : all_occurrences(p, *o)) {
    if (!changes.contains(uri)) changes[uri] = json::array();
    changes[uri].push_back({{"range", range}, {"newText", new_name}});
  }
  return {{"changes", changes}};
}

json LanguageServer::document_symbol(const json& params) {
  const Document* doc = nullptr;
  Analysis* found = document_analysis(params, doc);
  if (found == nullptr) return json::array();
  Analysis& a = *found;
  json out = json::array();
  const SourceManager& sm = a.spec->sources;
  const ir::Module& m = a.spec->module;
  const SymbolIndex& index = a.symbols();
  auto symbol = [&](uint32_t i) {
    const Declaration& d = index.declarations()[i];
    SourceRange whole = d.range.valid() ? d.range : d.name_range;
    return json{{"name", d.name},
                {"kind", symbol_kind(d, m)},
                {"range", range_json(sm, whole)},
                {"selectionRange", range_json(sm, d.name_range)}};
  };
  for (uint32_t i = 0; i < index.declarations().size(); ++i) {
    const Declaration& d = index.declarations()[i];
    if (d.owner != UINT32_MAX || !d.name_range.valid()) continue;
    if (sm.file(d.name_range.file).canonical != doc->path) continue;
    json s = symbol(i);
    if (d.kind == NameKind::Service || d.kind == NameKind::Host) {
      json children = json::array();
      if (d.kind == NameKind::Service) {
        for (NameKind k : {NameKind::Input, NameKind::Output, NameKind::Action})
          for (uint32_t c : index.members(k, d.index)) children.push_back(symbol(c));
      } else {
        for (uint32_t c : index.members(NameKind::HostAttr, d.index)) children.push_back(symbol(c));
      }
      s["children"] = children;
    }
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const json& x, const json& y) {
    auto key = [](const json& s) {
      return std::make_pair(s["range"]["start"]["line"].get<uint32_t>(),
                            s["range"]["start"]["character"].get<uint32_t>());
    };
    return key(x) < key(y);
  });
  return out;
}

json LanguageServer::workspace_symbol(const json& params) {
  std::string query = params.value("query", "");
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string q = lower(query);
  std::set<std::string> seen;
  json out = json::array();
  for (auto& [uri, list] : analyses_) {
    for (Analysis& a : list) {
      const SymbolIndex& index = a.symbols();
      const ir::Module& m = a.spec->module;
      for (const Declaration& d : index.declarations()) {
        if (!d.name_range.valid() || lower(d.name).find(q) == std::string::npos) continue;
        json loc = location_json(a.spec->sources, d.name_range);
        if (!seen.insert(loc.dump()).second) continue;
        json s = {{"name", d.name}, {"kind", symbol_kind(d, m)}, {"location", loc}};
        if (d.owner != UINT32_MAX) {
          s["containerName"] =
              d.kind == NameKind::HostAttr ? m.hosts[d.owner].name : m.services[d.owner].name;
        }
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

json LanguageServer::completion(const json& params) {
  Place p = place_of(params);
  std::string uri = params.at("textDocument").at("uri");
  auto doc = documents_.find(uri);
  json items = json::array();
  if (doc == documents_.end()) return items;
  const json& pos = params.at("position");
  Position at{pos.at("line").get<uint32_t>(), pos.at("character").get<uint32_t>()};
  size_t cursor = offset_of(doc->second.text, at, encoding_);
  const std::string& text = doc->second.text;
  size_t word = cursor;
  while (word > 0 && is_word_char(text[word - 1])) --word;
  std::set<std::string> labels;
  auto add = [&](const std::string& label, int kind, const std::string& detail) {
    if (!labels.insert(label).second) return;
    items.push_back({{"label", label}, {"kind", kind}, {"detail", detail}});
  };
  if (!p.analysis) return items;
  const ir::Module& m = p.analysis->spec->module;
  const SymbolIndex& index = p.analysis->symbols();
  // The service the cursor is in, if any.
  uint32_t service = UINT32_MAX;
  for (uint32_t s = 0; s < m.services.size(); ++s)
    if (contains(m.services[s].range, p.file, p.line, p.col)) service = s;
  auto host_attrs = [&](const std::string& host) {
    for (const char* builtin : {"address", "name", "user", "port"})
      if (is_builtin_host_attr(builtin)) add(builtin, 5, "built-in attribute");
    for (uint32_t h = 0; h < m.hosts.size(); ++h) {
      if (m.hosts[h].name != host) continue;
      for (uint32_t c : index.members(NameKind::HostAttr, h))
        add(index.declarations()[c].name, 5, "attribute of " + host);
    }
  };
  if (word > 0 && text[word - 1] == '.') {
    // After `base.` (or `base[i].`, `base[*].`): the members of what `base` names.
    size_t end = word - 1;
    if (end > 0 && text[end - 1] == ']') {
      int depth = 0;
      while (end > 0) {
        char c = text[--end];
        if (c == ']') ++depth;
        if (c == '[' && --depth == 0) break;
      }
    }
    size_t begin = end;
    while (begin > 0 && is_word_char(text[begin - 1])) --begin;
    std::string base = text.substr(begin, end - begin);
    if (base == "host" && service != UINT32_MAX) {
      host_attrs(m.services[service].host);
      return items;
    }
    for (uint32_t s = 0; s < m.services.size(); ++s) {
      if (m.services[s].name != base) continue;
      for (uint32_t c : index.members(NameKind::Output, s))
        add(index.declarations()[c].name, 10, "output of " + base);
      for (uint32_t c : index.members(NameKind::Action, s))
        add(index.declarations()[c].name, 2, "action of " + base);
    }
    for (const ir::Host& h : m.hosts)
      if (h.name == base) host_attrs(base);
    return items;
  }
  if (service != UINT32_MAX) {
    for (uint32_t c : index.members(NameKind::Input, service))
      add(index.declarations()[c].name, 6, "input");
    add("host", 14, "this service's host");
  }
  if (service != UINT32_MAX) {
    add("index", 14, "this member's position");
    add("count", 14, "the size of this member's group");
    add("first", 14, "index == 0");
  }
  for (const ir::Param& prm : m.params) add(prm.name, 21, "param");
  for (const ir::Host& h : m.hosts) add(h.name, 7, h.is_group() ? "host group" : "host");
  for (const ir::Service& s : m.services) add(s.name, 9, "service");
  for (const BuiltinFunction& f : builtin_functions())
    add(std::string(f.name), 3, std::string(f.signature));
  for (const char* k : kKeywords) add(k, 14, "keyword");
  return items;
}

json LanguageServer::code_action(const json& params) {
  std::string uri = params.at("textDocument").at("uri");
  json out = json::array();
  auto doc = documents_.find(uri);
  if (doc == documents_.end() || !params.contains("context")) return out;
  const std::string& text = doc->second.text;
  for (const json& d : params["context"].value("diagnostics", json::array())) {
    if (!d.is_object() || d.value("source", "") != "baton" || !d.contains("range")) continue;
    const std::string message = d.value("message", "");
    const std::string code =
        d.contains("code") && d["code"].is_string() ? d["code"].get<std::string>() : "";
    // The did-you-mean fix: the name the help suggests, in place of the one written.
    const std::string marker = "help: did you mean '";
    if (size_t at = message.find(marker); at != std::string::npos) {
      size_t start = at + marker.size(), end = message.find('\'', start);
      std::string name = end == std::string::npos ? "" : message.substr(start, end - start);
      if (is_identifier(name)) {
        out.push_back(
            {{"title", "Replace with '" + name + "'"},
             {"kind", "quickfix"},
             {"diagnostics", json::array({d})},
             {"isPreferred", true},
             {"edit",
              {{"changes", {{uri, json::array({{{"range", d["range"]}, {"newText", name}}})}}}}}});
      }
    }
    if (code == "E0501") {
      for (json& fix : repeatable_fixes(params, message, d)) out.push_back(std::move(fix));
    }
    // Silence a warning or remark on its line: a suppression comment, or one more code in the
    // line's comment (docs/cli.md, "Rule levels and suppressions"). Errors cannot be silenced.
    const int severity = d.value("severity", 1);
    if (severity < 2 || code.empty()) continue;
    uint32_t line0 = d["range"].at("start").at("line").get<uint32_t>();
    std::string_view line = line_at(text, line0);
    const std::string existing = "baton: ignore[";
    json edit;
    if (size_t at = line.find(existing);
        at != std::string_view::npos && line.find(']', at) != std::string_view::npos) {
      size_t close = line.find(']', at);
      uint32_t ch = character_of(line, column_of(line, close), encoding_);
      edit = {{"range",
               {{"start", {{"line", line0}, {"character", ch}}},
                {"end", {{"line", line0}, {"character", ch}}}}},
              {"newText", ", " + code}};
    } else {
      uint32_t ch = character_of(line, column_of(line, line.size()), encoding_);
      edit = {{"range",
               {{"start", {{"line", line0}, {"character", ch}}},
                {"end", {{"line", line0}, {"character", ch}}}}},
              {"newText", "  # baton: ignore[" + code + "]"}};
    }
    out.push_back({{"title", "Silence " + code + " on this line"},
                   {"kind", "quickfix"},
                   {"diagnostics", json::array({d})},
                   {"edit", {{"changes", {{uri, json::array({edit})}}}}}});
  }
  return out;
}

json LanguageServer::folding_range(const json& params) {
  const Document* doc = nullptr;
  Analysis* found = document_analysis(params, doc);
  if (found == nullptr) return json::array();
  Analysis& a = *found;
  json out = json::array();
  const SourceManager& sm = a.spec->sources;
  std::vector<std::pair<uint32_t, uint32_t>> folds;
  for (const Declaration& d : a.symbols().declarations()) {
    const SourceRange& r = d.range;
    if (!r.valid() || r.end_line <= r.line || sm.file(r.file).canonical != doc->path) continue;
    if (d.kind == NameKind::Host || d.kind == NameKind::Service || d.kind == NameKind::Action)
      folds.emplace_back(r.line - 1, r.end_line - 1);
  }
  std::sort(folds.begin(), folds.end());
  folds.erase(std::unique(folds.begin(), folds.end()), folds.end());
  for (auto [start, end] : folds) out.push_back({{"startLine", start}, {"endLine", end}});
  return out;
}

json LanguageServer::inlay_hint(const json& params) {
  const Document* doc = nullptr;
  Analysis* found = document_analysis(params, doc);
  if (found == nullptr) return json::array();
  Analysis& a = *found;
  json out = json::array();
  const plan::Plan* plan = a.plan();
  if (plan == nullptr || !plan->deadlocks.empty()) return out;
  const SourceManager& sm = a.spec->sources;
  const ir::Module& m = a.spec->module;
  uint32_t first = 0, last = UINT32_MAX;
  if (params.contains("range")) {
    first = params["range"].at("start").at("line").get<uint32_t>();
    last = params["range"].at("end").at("line").get<uint32_t>();
  }
  std::map<std::string, size_t> members;
  for (const plan::Host& h : plan->hosts) ++members[h.group];
  // The levels of each action's steps, gathered in one pass over the plan.
  std::map<std::pair<std::string_view, std::string_view>, std::pair<uint32_t, uint32_t>> levels;
  for (const plan::Step& st : plan->steps) {
    auto [it, fresh] = levels.try_emplace({st.service, st.action}, st.level, st.level);
    it->second.first = std::min(it->second.first, st.level);
    it->second.second = std::max(it->second.second, st.level);
  }
  auto hint = [&](const SourceRange& after, const std::string& label) {
    if (!after.valid() || sm.file(after.file).canonical != doc->path) return;
    if (after.end_line - 1 < first || after.end_line - 1 > last) return;
    json position = range_json(sm, after)["end"];
    out.push_back({{"position", position}, {"label", label}, {"kind", 1}, {"paddingLeft", true}});
  };
  for (const ir::Host& h : m.hosts) {
    if (h.is_group()) hint(h.name_range, "x" + std::to_string(members[h.name]));
  }
  for (const ir::Service& s : m.services) {
    for (const ir::Action& act : s.actions) {
      auto it = levels.find({s.name, act.name});
      if (it == levels.end()) continue;
      auto [lo, hi] = it->second;
      hint(act.name_range, lo == hi ? "level " + std::to_string(lo)
                                    : "levels " + std::to_string(lo) + "-" + std::to_string(hi));
    }
  }
  std::sort(out.begin(), out.end(), [](const json& x, const json& y) {
    auto key = [](const json& h) {
      return std::make_pair(h["position"]["line"].get<uint32_t>(),
                            h["position"]["character"].get<uint32_t>());
    };
    return key(x) < key(y);
  });
  return out;
}

json LanguageServer::semantic_tokens(const json& params) {
  const Document* doc = nullptr;
  Analysis* found = document_analysis(params, doc);
  json data = json::array();
  if (found == nullptr) return {{"data", data}};
  const SourceManager& sm = found->spec->sources;
  const SymbolIndex& index = found->symbols();
  // Token types as the legend of initialize lists them: a param is a read-only variable, a
  // host a namespace, attributes and outputs properties, a service a class, an input a
  // parameter (of its service), an action a method.
  auto type_of = [](NameKind k) {
    switch (k) {
      case NameKind::Param: return 0;
      case NameKind::Host: return 1;
      case NameKind::HostAttr:
      case NameKind::Output: return 2;
      case NameKind::Service: return 3;
      case NameKind::Input: return 4;
      case NameKind::Action: return 5;
    }
    return 0;
  };
  uint32_t prev_line = 0, prev_char = 0;
  for (const Occurrence& o : index.all_occurrences()) {
    const SourceRange& r = o.range;
    if (r.end_line != r.line || sm.file(r.file).canonical != doc->path) continue;
    const Declaration& d = index.declarations()[o.declaration];
    std::string_view line = sm.line_text(r.file, r.line);
    uint32_t line0 = r.line - 1, start = character_of(line, r.col, encoding_);
    uint32_t length = character_of(line, r.end_col, encoding_) - start;
    bool declaration =
        d.name_range.line == r.line && d.name_range.col == r.col && d.name_range.file == r.file;
    uint32_t modifiers = (declaration ? 1u : 0u) | (d.kind == NameKind::Param ? 2u : 0u);
    data.push_back(line0 - prev_line);
    data.push_back(line0 == prev_line ? start - prev_char : start);
    data.push_back(length);
    data.push_back(type_of(d.kind));
    data.push_back(modifiers);
    prev_line = line0;
    prev_char = start;
  }
  return {{"data", data}};
}

std::vector<json> LanguageServer::repeatable_fixes(const json& params, const std::string& message,
                                                   const json& diagnostic) {
  std::vector<json> out;
  const std::string prefix = "deadlock: ";
  const Document* doc = nullptr;
  Analysis* found = document_analysis(params, doc);
  if (found == nullptr || message.compare(0, prefix.size(), prefix) != 0) return out;
  const ir::Module& m = found->spec->module;
  // The cycle's actions, `svc.act` or `svc[1].act`, up to the end of the first line.
  std::string path = message.substr(prefix.size(), message.find('\n') - prefix.size());
  std::set<std::pair<uint32_t, uint32_t>> tried;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(" -> ", start);
    std::string label = path.substr(start, end == std::string::npos ? end : end - start);
    start = end == std::string::npos ? path.size() + 1 : end + 4;
    size_t dot = label.rfind('.');
    if (dot == std::string::npos) continue;
    std::string service = label.substr(0, std::min(dot, label.find('[')));
    std::string action = label.substr(dot + 1);
    for (uint32_t si = 0; si < m.services.size(); ++si) {
      if (m.services[si].name != service) continue;
      for (uint32_t ai = 0; ai < m.services[si].actions.size(); ++ai) {
        const ir::Action& a = m.services[si].actions[ai];
        if (a.name != action || a.repeatable || a.handler || !tried.emplace(si, ai).second)
          continue;
        // Offered only when the split works: the spec checked again with the action repeatable
        // has no deadlock and no impossible split left.
        ir::Module trial = m;
        trial.services[si].actions[ai].repeatable = true;
        DiagnosticEngine diags;
        analyze_module(trial, found->spec->plan_options, diags);
        bool works = std::none_of(
            diags.diagnostics().begin(), diags.diagnostics().end(), [](const Diagnostic& x) {
              return x.kind == DiagKind::Deadlock || x.kind == DiagKind::SplitImpossible;
            });
        if (!works) continue;
        const SourceManager& sm = found->spec->sources;
        json at = range_json(sm, a.name_range)["end"];
        json edit = {{"range", {{"start", at}, {"end", at}}}, {"newText", " repeatable"}};
        std::string title = "Mark " + service;
        title += "." + action + " repeatable";
        out.push_back(
            {{"title", title},
             {"kind", "quickfix"},
             {"diagnostics", json::array({diagnostic})},
             {"edit", {{"changes", {{uri_of(sm, a.name_range.file), json::array({edit})}}}}}});
      }
    }
  }
  return out;
}

}  // namespace baton::lsp
