// Unified diffs (unified_diff.h): Myers' O(ND) algorithm over lines, between the common
// prefix and suffix.
#include "driver/unified_diff.h"

#include <algorithm>
#include <vector>

namespace baton {
namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    size_t stop = nl == std::string_view::npos ? s.size() : nl + 1;
    out.push_back(s.substr(start, stop - start));
    start = stop;
  }
  return out;
}

/// One line of the edit script: ' ' kept, '-' removed, '+' added; index in its text.
struct Edit {
  char kind;
  size_t line;
};

/// The largest number of differences for which the edit script is computed line by line.
constexpr long kMaxDistance = 1000;

/// The edit script from a[lo_a, hi_a) to b[lo_b, hi_b): Myers' greedy algorithm with its
/// trace, or, past kMaxDistance, all of a's lines removed and all of b's added.
std::vector<Edit> middle_edits(const std::vector<std::string_view>& a,
                               const std::vector<std::string_view>& b, size_t lo_a, size_t hi_a,
                               size_t lo_b, size_t hi_b) {
  const long n = static_cast<long>(hi_a - lo_a), m = static_cast<long>(hi_b - lo_b);
  const long max = std::min(n + m, kMaxDistance);
  const long off = max + 1;
  std::vector<long> v(static_cast<size_t>(2 * max + 3), 0);
  std::vector<std::vector<long>> trace;
  long found = -1;
  for (long d = 0; d <= max && found < 0; ++d) {
    trace.push_back(v);
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                        : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[lo_a + x] == b[lo_b + y]) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  std::vector<Edit> edits;
  if (found < 0) {
    for (size_t i = lo_a; i < hi_a; ++i) edits.push_back({'-', i});
    for (size_t j = lo_b; j < hi_b; ++j) edits.push_back({'+', j});
    return edits;
  }
  // Walk the trace back from (n, m).
  long x = n, y = m;
  for (long d = found; d > 0; --d) {
    const std::vector<long>& pv = trace[static_cast<size_t>(d)];
    long k = x - y;
    long prev_k = (k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1])) ? k + 1 : k - 1;
    long px = pv[off + prev_k], py = px - prev_k;
    while (x > px && y > py) edits.push_back({' ', lo_a + static_cast<size_t>(--x)}), --y;
    if (x == px) {
      edits.push_back({'+', lo_b + static_cast<size_t>(--y)});
    } else {
      edits.push_back({'-', lo_a + static_cast<size_t>(--x)});
    }
  }
  while (x > 0 && y > 0) edits.push_back({' ', lo_a + static_cast<size_t>(--x)}), --y;
  std::reverse(edits.begin(), edits.end());
  return edits;
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, const std::string& name) {
  if (before == after) return "";
  std::vector<std::string_view> a = split_lines(before), b = split_lines(after);
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    ++suf;
  std::vector<Edit> edits;
  for (size_t i = 0; i < pre; ++i) edits.push_back({' ', i});
  std::vector<Edit> mid = middle_edits(a, b, pre, a.size() - suf, pre, b.size() - suf);
  edits.insert(edits.end(), mid.begin(), mid.end());
  for (size_t i = a.size() - suf; i < a.size(); ++i) edits.push_back({' ', i});

  // Line numbers in each text before every edit.
  std::vector<size_t> at_a(edits.size() + 1), at_b(edits.size() + 1);
  for (size_t i = 0; i < edits.size(); ++i) {
    at_a[i + 1] = at_a[i] + (edits[i].kind != '+');
    at_b[i + 1] = at_b[i] + (edits[i].kind != '-');
  }
  std::string out = "--- a/" + name + "\n+++ b/" + name + "\n";
  const size_t kContext = 3;
  size_t i = 0;
  while (i < edits.size()) {
    if (edits[i].kind == ' ') {
      ++i;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext after the last change that
    // is at most 2 * kContext kept lines after the previous one.
    size_t start = i >= kContext ? i - kContext : 0;
    while (start < i && edits[start].kind != ' ') ++start;
    size_t end = i;
    size_t kept = 0;
    for (size_t j = i; j < edits.size(); ++j) {
      if (edits[j].kind == ' ') {
        if (++kept > 2 * kContext) break;
      } else {
        kept = 0;
        end = j + 1;
      }
    }
    size_t stop = std::min(edits.size(), end + kContext);
    size_t count_a = at_a[stop] - at_a[start], count_b = at_b[stop] - at_b[start];
    out += "@@ -" + std::to_string(at_a[start] + (count_a > 0)) + "," + std::to_string(count_a) +
           " +" + std::to_string(at_b[start] + (count_b > 0)) + "," + std::to_string(count_b) +
           " @@\n";
    for (size_t j = start; j < stop; ++j) {
      std::string_view line = edits[j].kind == '+' ? b[edits[j].line] : a[edits[j].line];
      out += edits[j].kind;
      out += line;
      if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
    }
    i = stop;
  }
  return out;
}

}  // namespace baton
