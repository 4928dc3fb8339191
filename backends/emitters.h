// The emit function of each backend, one per file (shell.cpp, ansible.cpp, dot.cpp, ...).
#pragma once

#include <string>
#include <vector>

#include "backends/backend.h"

namespace baton {

bool emit_shell(const plan::Plan& plan, const BackendOptions& options,
                std::vector<OutputFile>& files, std::string* err);
bool emit_ansible(const plan::Plan& plan, const BackendOptions& options,
                  std::vector<OutputFile>& files, std::string* err);
bool emit_dot(const plan::Plan& plan, const BackendOptions& options, std::vector<OutputFile>& files,
              std::string* err);
bool emit_mermaid(const plan::Plan& plan, const BackendOptions& options,
                  std::vector<OutputFile>& files, std::string* err);
bool emit_json(const plan::Plan& plan, const BackendOptions& options,
               std::vector<OutputFile>& files, std::string* err);

}  // namespace baton
