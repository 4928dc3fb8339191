// The table of backends (ninja-style: one row per target).
#include "backends/backend.h"

#include "backends/emitters.h"

namespace baton {

const std::vector<Backend>& all_backends() {
  static const std::vector<Backend> kBackends = {
      {"shell", "a POSIX sh driver script that runs every step on its host", true, emit_shell},
      {"ansible", "an Ansible inventory and playbook (a directory)", false, emit_ansible},
      {"dot", "a Graphviz diagram of the plan", true, emit_dot},
      {"mermaid", "a Mermaid flowchart of the plan", true, emit_mermaid},
      {"json", "the scheduled plan as JSON", true, emit_json},
  };
  return kBackends;
}

const Backend* find_backend(const std::string& name) {
  for (const Backend& b : all_backends())
    if (name == b.name) return &b;
  return nullptr;
}

}  // namespace baton
