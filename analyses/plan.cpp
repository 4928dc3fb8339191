// Labels of plan steps and names of edge kinds.
#include "analyses/plan.h"

namespace baton::plan {

const char* edge_kind_name(EdgeKind k) {
  switch (k) {
    case EdgeKind::Sequence: return "sequence";
    case EdgeKind::Data: return "data";
    case EdgeKind::After: return "after";
    case EdgeKind::Order: return "order";
    case EdgeKind::Event: return "event";
  }
  return "?";
}

std::string Step::label() const {
  std::string s = instance + "." + action;
  if (occurrence >= 0) s += "#" + std::to_string(occurrence);
  return s;
}

}  // namespace baton::plan
