// The shell backend (being written).
#include "backends/emitters.h"

namespace baton {

bool emit_shell(const plan::Plan&, const BackendOptions&, std::vector<OutputFile>&, std::string* err) {
  *err = "the shell target is not implemented yet";
  return false;
}

}  // namespace baton
