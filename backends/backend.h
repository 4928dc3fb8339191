// The backends: each turns the scheduled plan into files, and reads nothing but the plan.
#pragma once

#include <string>
#include <vector>

#include "analyses/plan/plan.h"

namespace baton {

/// Options a backend may use; each documents the ones it reads in docs/backends.md.
struct BackendOptions {
  std::string rankdir = "LR";  ///< dot: TB, LR, BT or RL
  std::string focus;           ///< dot/mermaid: only this service and its neighbourhood
  int focus_depth = 1;         ///< dot/mermaid: how many edges away from `focus`
};

/// One generated file, by path relative to the output (a single-file target has one, whose
/// path is its default file name).
struct OutputFile {
  std::string path;
  std::string content;
  bool executable = false;
};

/// A target of `baton compile --target NAME`.
struct Backend {
  const char* name;
  const char* description;
  bool single_file;  ///< true: written to -o FILE or standard output; false: -o DIR required
  /// Emits the plan; returns false with a message in *err when it cannot.
  bool (*emit)(const plan::Plan& plan, const BackendOptions& options,
               std::vector<OutputFile>& files, std::string* err);
};

/// Every backend, in the order `baton help compile` lists them.
const std::vector<Backend>& all_backends();
const Backend* find_backend(const std::string& name);

}  // namespace baton
