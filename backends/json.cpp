// The json backend (being written).
#include "backends/emitters.h"

namespace baton {

bool emit_json(const plan::Plan&, const BackendOptions&, std::vector<OutputFile>&, std::string* err) {
  *err = "the json target is not implemented yet";
  return false;
}

}  // namespace baton
