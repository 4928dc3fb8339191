// The dot backend (being written).
#include "backends/emitters.h"

namespace baton {

bool emit_dot(const plan::Plan&, const BackendOptions&, std::vector<OutputFile>&, std::string* err) {
  *err = "the dot target is not implemented yet";
  return false;
}

}  // namespace baton
