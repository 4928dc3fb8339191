// baton.toml and the command line, merged for one run.
#include "driver/run_settings.h"

#include <fmt/core.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "compiler/base/closest_name.h"
#include "compiler/diagnostics/diagnostic_render.h"
#include "compiler/frontend/loader.h"
#include "driver/output_writer.h"
#include "driver/project_config.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

void usage_error(const std::string& message) {
  std::cerr << "baton: error: " << printable_text(message) << "\n";
}

/// The baton.toml that `options` select for `spec`, or "" for none.
fs::path config_for(const std::string& spec, const ProjectOptions& options) {
  if (options.no_config) return {};
  if (!options.config.empty()) return options.config;
  return find_project_config(spec);
}

}  // namespace

bool resolve_run_settings(const std::string& spec, const ProjectOptions& options,
                          SourceManager& sources, DiagnosticEngine& diags, RunSettings& out) {
  ProjectConfig config;
  fs::path file = config_for(spec, options);
  if (!options.config.empty() && !options.no_config) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      usage_error(fmt::format("--config '{}' is not a file", options.config));
      return false;
    }
  }
  if (!file.empty()) read_project_config(file, sources, diags, config);
  out.levels = config.levels;
  out.params = config.params;
  if (!options.env.empty()) {
    auto env = config.environments.find(options.env);
    if (env == config.environments.end()) {
      std::vector<std::string> names;
      for (const auto& [name, params] : config.environments) names.push_back(name);
      std::string near = closest_name(options.env, names);
      usage_error(file.empty() ? fmt::format("--env {}: there is no baton.toml", options.env)
                               : fmt::format("--env {}: baton.toml has no [env.{}]{}", options.env,
                                             options.env,
                                             near.empty() ? "" : ", did you mean '" + near + "'?"));
      return false;
    }
    out.params.insert(out.params.end(), env->second.begin(), env->second.end());
  }
  out.params.insert(out.params.end(), options.params.begin(), options.params.end());
  // A value from baton.toml that a later one replaces is not checked: `--env staging` or
  // `--param` may be there precisely to override it.
  std::set<std::string> later;
  for (size_t i = out.params.size(); i-- > 0;) {
    const ParamSetting& p = out.params[i];
    bool replaced = !later.insert(p.name).second;
    if (replaced && p.origin.valid()) out.params.erase(out.params.begin() + static_cast<long>(i));
  }
  // The command line's levels win over baton.toml's; among them, --deny over --warn over --allow.
  const std::pair<const std::vector<std::string>*, LintLevel> given[] = {
      {&options.allow, LintLevel::Allow},
      {&options.warn, LintLevel::Warn},
      {&options.deny, LintLevel::Deny}};
  for (const auto& [words, level] : given) {
    for (const std::string& word : *words) {
      if (std::string why = out.levels.set(word, level); !why.empty()) {
        usage_error(why);
        return false;
      }
    }
  }
  return true;
}

std::vector<std::string> check_units(const std::vector<std::string>& files,
                                     const ProjectOptions& options) {
  std::vector<std::string> units;
  std::set<std::string> taken;
  auto take = [&](const std::string& spec) {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(spec, ec);
    if (taken.insert(ec || spec == "-" ? spec : key.string()).second) units.push_back(spec);
  };
  // Per entry spec: the files it reads, canonical.
  std::map<fs::path, std::vector<std::string>> reads;
  // Per baton.toml: its entry specs. A pre-commit run names many files of one project: the
  // file is read once.
  std::map<fs::path, std::vector<fs::path>> entries_of;
  for (const std::string& file : files) {
    fs::path config_path = file == "-" ? fs::path() : config_for(file, options);
    auto [found, first_time] = entries_of.try_emplace(config_path);
    if (first_time && !config_path.empty()) {
      ProjectConfig config;
      SourceManager scratch;
      DiagnosticEngine ignored;  // reported when the spec itself is checked
      read_project_config(config_path, scratch, ignored, config);
      found->second = std::move(config.entries);
    }
    std::vector<std::string> through;
    bool is_entry = false;
    for (const fs::path& entry : found->second) {
      if (is_same_file(file, entry.string())) {
        is_entry = true;
        break;
      }
      auto [it, fresh] = reads.try_emplace(entry);
      if (fresh) {
        SourceManager sources;
        ir::Module module;
        DiagnosticEngine diags;
        if (load_spec(entry.string(), sources, module, diags) == LoadStatus::Ok) {
          for (size_t i = 0; i < sources.size(); ++i)
            it->second.push_back(sources.file(static_cast<FileId>(i)).canonical);
        }
      }
      for (const std::string& read : it->second) {
        if (!read.empty() && is_same_file(file, read)) {
          std::error_code ec;
          fs::path shown = fs::proximate(entry, ec);
          through.push_back(ec ? entry.string() : shown.string());
          break;
        }
      }
    }
    if (is_entry || through.empty()) {
      take(file);
    } else {
      for (const std::string& entry : through) take(entry);
    }
  }
  return units;
}

}  // namespace baton
