// Renders the scheduled plan as the text `baton plan` prints.
#include "backends/plan_text.h"

namespace baton {

namespace {
std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}
}  // namespace

std::string render_plan_text(const plan::Plan& p, const std::string& spec) {
  std::string out = "plan for " + spec + ": " + plural(p.steps.size(), "step") + " in " +
                    plural(p.levels, "level") + " on " + plural(p.hosts.size(), "host") + "\n";
  for (const plan::Split& s : p.splits) {
    std::string others;
    for (const std::string& c : s.cycle)
      if (c != s.action + "#0") others += (others.empty() ? "" : ", ") + c;
    out += "split: " + s.action + " runs twice to break a cycle: #0 before " + others + ", #1 after\n";
  }
  uint32_t level = UINT32_MAX;
  for (size_t k = 0; k < p.steps.size(); ++k) {
    const plan::Step& s = p.steps[k];
    if (s.level != level) {
      level = s.level;
      out += "level " + std::to_string(level) + ":\n";
    }
    out += "  " + std::to_string(k + 1) + ". " + s.label() + " on " + p.hosts[s.host].name +
           (s.handler ? " (handler)" : "") + "\n";
    if (!s.waits_for.empty()) {
      out += "       waits for:";
      for (size_t d = 0; d < s.waits_for.size(); ++d)
        out += std::string(d ? "," : "") + " " + p.steps[s.waits_for[d].step].label() + " (" +
               plan::edge_kind_name(s.waits_for[d].kind) + ")";
      out += "\n";
    }
    if (!s.triggers.empty()) {
      out += "       runs if:";
      for (size_t t = 0; t < s.triggers.size(); ++t)
        out += std::string(t ? " or" : "") + " " + p.steps[s.triggers[t].step].label() + " " +
               ir::event_name(s.triggers[t].event);
      out += "\n";
    }
    for (uint32_t c : s.captures)
      out += "       then captures: " + p.captures[c].instance + "." + p.captures[c].output + "\n";
  }
  if (!p.secrets.empty()) {
    out += "secrets supplied at run time:";
    for (const std::string& s : p.secrets) out += " " + s;
    out += "\n";
  }
  return out;
}

}  // namespace baton
