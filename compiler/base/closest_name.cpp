// "Did you mean ...?": the closest known name to a misspelt one, by edit distance.
#include "compiler/base/closest_name.h"

#include <algorithm>

namespace baton {

namespace {

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
/// of adjacent characters each cost 1 (so `wbe` is one step from `web`). Three rows, so that
/// comparing a name with every candidate allocates nothing per character.
size_t edit_distance(std::string_view a, std::string_view b, std::vector<size_t> (&rows)[3]) {
  for (auto& row : rows) row.assign(b.size() + 1, 0);
  std::vector<size_t>* before = &rows[0];  // row i - 2
  std::vector<size_t>* prev = &rows[1];    // row i - 1
  std::vector<size_t>* cur = &rows[2];     // row i
  for (size_t j = 0; j <= b.size(); ++j) (*prev)[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    (*cur)[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      (*cur)[j] = std::min({(*prev)[j] + 1, (*cur)[j - 1] + 1, (*prev)[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        (*cur)[j] = std::min((*cur)[j], (*before)[j - 2] + 1);
    }
    std::vector<size_t>* old = before;
    before = prev;
    prev = cur;
    cur = old;
  }
  return (*prev)[b.size()];
}

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  // Like rustc: suggest only when the distance is at most a third of the name's length (at
  // least 1 from two characters on), so that `x` never suggests `y`; ties go to the first
  // candidate given.
  if (name.size() < 2) return "";
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  std::vector<size_t> rows[3];
  for (const std::string& c : candidates) {
    if (c == name) continue;
    // The distance is at least the difference in length: skip those that cannot be closer.
    size_t length_gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (length_gap >= best_distance) continue;
    size_t d = edit_distance(name, c, rows);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace baton
