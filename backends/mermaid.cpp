// The mermaid backend (being written).
#include "backends/emitters.h"

namespace baton {

bool emit_mermaid(const plan::Plan&, const BackendOptions&, std::vector<OutputFile>&, std::string* err) {
  *err = "the mermaid target is not implemented yet";
  return false;
}

}  // namespace baton
