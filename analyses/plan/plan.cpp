// Labels of plan steps, names of edge kinds and events.
#include "analyses/plan/plan.h"

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

const char* quoting_name(Quoting q) {
  switch (q) {
    case Quoting::Unquoted: return "unquoted";
    case Quoting::Single: return "single";
    case Quoting::Double: return "double";
  }
  return "?";
}

const char* event_name(Event e) {
  switch (e) {
    case Event::Changed: return "changed";
    case Event::Ok: return "ok";
    case Event::Failed: return "failed";
  }
  return "?";
}

std::string Step::label() const {
  std::string s = instance + "." + action;
  if (occurrence >= 0) s += "#" + std::to_string(occurrence);
  return s;
}

}  // namespace baton::plan
