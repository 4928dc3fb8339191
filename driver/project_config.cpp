// Finding and reading baton.toml (with toml++).
#include "driver/project_config.h"

#include <fmt/core.h>
#include <toml++/toml.h>

#include <string_view>
#include <system_error>

#include "compiler/frontend/spec_file_reader.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kConfigName = "baton.toml";

class ConfigReader {
 public:
  ConfigReader(FileId file, DiagnosticEngine& diags, ProjectConfig& out)
      : file_(file), diags_(diags), out_(out) {}

  void read(const toml::table& root) {
    for (const auto& [key, node] : root) {
      if (key == "lint") {
        if (const toml::table* t = table(key, node)) lint(*t);
      } else if (key == "check") {
        if (const toml::table* t = table(key, node)) check(*t);
      } else if (key == "params") {
        if (const toml::table* t = table(key, node)) params(*t, out_.params);
      } else if (key == "env") {
        if (const toml::table* t = table(key, node)) environments(*t);
      } else {
        unknown(key, "", "[lint], [check], [params], [env.NAME.params]");
      }
    }
  }

  bool failed() const { return failed_; }

  SourceRange range(const toml::source_region& r) const {
    SourceRange out{file_, r.begin.line, r.begin.column, r.begin.line, r.begin.column + 1};
    if (r.end.line == r.begin.line && r.end.column > r.begin.column) out.end_col = r.end.column;
    return out;
  }

  Diagnostic& error(const toml::source_region& where, std::string message) {
    failed_ = true;
    return diags_.report(DiagKind::InvalidConfig, range(where), std::move(message));
  }

 private:
  const toml::table* table(const toml::key& key, const toml::node& node) {
    if (const toml::table* t = node.as_table()) return t;
    error(node.source(), fmt::format("'{}' must be a table", key.str()));
    return nullptr;
  }

  /// A key baton does not know, in `where` ("" for the top level).
  void unknown(const toml::key& key, std::string_view where, std::string_view known) {
    std::string message = where.empty() ? fmt::format("unknown table [{}]", key.str())
                                        : fmt::format("unknown key '{}' in {}", key.str(), where);
    error(key.source(), message).help = fmt::format("baton knows: {}", known);
  }

  /// A list of strings; each element with its place.
  template <class Fn>
  void strings(const toml::key& key, const toml::node& node, Fn&& each) {
    const toml::array* list = node.as_array();
    if (list == nullptr) {
      error(node.source(), fmt::format("'{}' must be a list of strings", key.str()));
      return;
    }
    for (const toml::node& item : *list) {
      if (const auto* s = item.as_string()) {
        each(s->get(), item.source());
      } else {
        error(item.source(), fmt::format("'{}' must be a list of strings", key.str()));
      }
    }
  }

  void lint(const toml::table& t) {
    for (const auto& [key, node] : t) {
      LintLevel level = LintLevel::Allow;
      if (key == "allow") {
        level = LintLevel::Allow;
      } else if (key == "warn") {
        level = LintLevel::Warn;
      } else if (key == "deny") {
        level = LintLevel::Deny;
      } else {
        unknown(key, "[lint]", "allow, warn, deny");
        continue;
      }
      strings(key, node, [&](const std::string& word, const toml::source_region& where) {
        if (std::string why = out_.levels.set(word, level); !why.empty()) error(where, why);
      });
    }
  }

  void check(const toml::table& t) {
    for (const auto& [key, node] : t) {
      if (key != "entry") {
        unknown(key, "[check]", "entry");
        continue;
      }
      strings(key, node, [&](const std::string& path, const toml::source_region& where) {
        if (path.empty()) {
          error(where, "an entry must name a spec file");
          return;
        }
        fs::path entry = (out_.file.parent_path() / path).lexically_normal();
        std::error_code ec;
        if (!fs::is_regular_file(entry, ec)) {
          error(where, fmt::format("the entry spec '{}' does not exist", path)).help =
              "entries are relative to the directory of baton.toml";
          return;
        }
        out_.entries.push_back(entry);
      });
    }
  }

  void params(const toml::table& t, std::vector<ParamSetting>& into) {
    for (const auto& [key, node] : t) {
      std::string text;
      if (const auto* s = node.as_string()) {
        text = s->get();
      } else if (const auto* i = node.as_integer()) {
        text = std::to_string(i->get());
      } else if (const auto* b = node.as_boolean()) {
        text = b->get() ? "true" : "false";
      } else if (const auto* list = node.as_array()) {
        if (!list_text(key, *list, text)) continue;
      } else {
        error(node.source(),
              fmt::format("param '{}' must be a string, an integer, a boolean or a list of strings",
                          key.str()));
        continue;
      }
      into.push_back(ParamSetting{std::string(key.str()), std::move(text), range(node.source())});
    }
  }

  /// A list param's text, as --param takes it ("a,b,c").
  bool list_text(const toml::key& key, const toml::array& list, std::string& text) {
    bool ok = true;
    bool first = true;
    for (const toml::node& item : list) {
      const auto* s = item.as_string();
      if (s == nullptr || s->get().find(',') != std::string::npos) {
        error(item.source(), fmt::format("the items of list param '{}' must be strings without "
                                         "a comma",
                                         key.str()));
        ok = false;
        continue;
      }
      if (!first) text += ',';
      first = false;
      text += s->get();
    }
    return ok;
  }

  void environments(const toml::table& t) {
    for (const auto& [name, node] : t) {
      const toml::table* env = table(name, node);
      if (env == nullptr) continue;
      std::vector<ParamSetting>& into = out_.environments[std::string(name.str())];
      for (const auto& [key, value] : *env) {
        if (key != "params") {
          unknown(key, fmt::format("[env.{}]", name.str()), "params");
          continue;
        }
        if (const toml::table* p = table(key, value)) params(*p, into);
      }
    }
  }

  FileId file_;
  DiagnosticEngine& diags_;
  ProjectConfig& out_;
  bool failed_ = false;
};

}  // namespace

fs::path find_project_config(const std::string& spec) {
  std::error_code ec;
  fs::path dir = spec == "-" ? fs::current_path(ec) : fs::absolute(spec, ec).parent_path();
  if (ec) return {};
  for (;;) {
    fs::path candidate = dir / kConfigName;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

bool read_project_config(const fs::path& path, SourceManager& sources, DiagnosticEngine& diags,
                         ProjectConfig& out) {
  std::error_code ec;
  fs::path shown = fs::proximate(path, ec);
  if (ec) shown = path;
  std::string text, err;
  if (!read_spec_file(path.string(), SpecOrigin::Import, text, err)) {
    diags.report(
        DiagKind::InvalidConfig, {},
        fmt::format("cannot read the project configuration '{}': {}", shown.string(), err));
    return false;
  }
  out.file = fs::absolute(path, ec).lexically_normal();
  FileId id = sources.add(shown.string(), out.file.string(), text);
  ConfigReader reader(id, diags, out);
  toml::table root;
  try {
    root = toml::parse(sources.file(id).text, shown.string());
  } catch (const toml::parse_error& e) {
    reader.error(e.source(), fmt::format("baton.toml is not valid TOML: {}", e.description()));
    return false;
  }
  reader.read(root);
  return !reader.failed();
}

}  // namespace baton
