// The ansible backend (being written).
#include "backends/emitters.h"

namespace baton {

bool emit_ansible(const plan::Plan&, const BackendOptions&, std::vector<OutputFile>&, std::string* err) {
  *err = "the ansible target is not implemented yet";
  return false;
}

}  // namespace baton
