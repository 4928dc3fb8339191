// What a step waits for in all: its own waits and those of its wait groups, merged.
#include <algorithm>

#include "analyses/plan/plan.h"

namespace baton::plan {

std::vector<Dependency> all_waits(const Plan& p, const Step& s) {
  std::vector<Dependency> out = s.waits_for;
  if (s.wait_groups.empty()) return out;
  for (uint32_t g : s.wait_groups) {
    const std::vector<Dependency>& waits = p.wait_groups[g].waits;
    out.insert(out.end(), waits.begin(), waits.end());
  }
  auto key = [](const Dependency& d) { return std::make_pair(d.step, d.kind); };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Dependency& a, const Dependency& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const Dependency& a, const Dependency& b) { return key(a) == key(b); }),
            out.end());
  return out;
}

}  // namespace baton::plan
