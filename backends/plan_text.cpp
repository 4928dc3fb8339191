// Renders the scheduled plan as the text `baton plan` prints.
//
// A plan of a million steps is about 170 MB of text: the size is computed first, so that the
// text is written once into one allocation, and labels are appended piece by piece instead of
// being built as temporary strings. steps_size() mirrors render_steps() byte for byte (the unit
// and lit tests compare whole plans, so a mismatch only costs a reallocation); plain appends to
// a growing string took 0.5-1.0 s instead of 0.3 s, and 80 MB more, at a million steps.
#include "backends/plan_text.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace baton {

namespace {

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

size_t digits(uint64_t n) {
  size_t d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

/// Appends to a string sized in advance (it grows should the size be short), without the
/// checks and calls of std::string::append for every piece.
class Writer {
 public:
  Writer(std::string& out, size_t size) : out_(out), pos_(out.size()) { out_.resize(pos_ + size); }
  ~Writer() { out_.resize(pos_); }
  void put(const char* s, size_t n) {
    if (pos_ + n > out_.size()) out_.resize(std::max(2 * out_.size(), pos_ + n));
    std::memcpy(&out_[pos_], s, n);
    pos_ += n;
  }
  void put(const std::string& s) { put(s.data(), s.size()); }
  void put(char c) { put(&c, 1); }
  template <size_t N>
  void put(const char (&s)[N]) {
    put(s, N - 1);
  }
  void put_cstr(const char* s) { put(s, std::strlen(s)); }
  void put_number(uint64_t n) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    (void)ec;
    put(buf, static_cast<size_t>(end - buf));
  }
  /// `galera[1].join`, `haproxy.run#1` (as plan::Step::label).
  void put_label(const plan::Step& s) {
    put(s.instance);
    put('.');
    put(s.action);
    if (s.occurrence >= 0) {
      put('#');
      put_number(static_cast<uint64_t>(s.occurrence));
    }
  }

 private:
  std::string& out_;
  size_t pos_;
};

size_t kind_size(plan::EdgeKind k) {
  static const size_t sizes[] = {std::strlen(plan::edge_kind_name(plan::EdgeKind::Sequence)),
                                 std::strlen(plan::edge_kind_name(plan::EdgeKind::Data)),
                                 std::strlen(plan::edge_kind_name(plan::EdgeKind::After)),
                                 std::strlen(plan::edge_kind_name(plan::EdgeKind::Order)),
                                 std::strlen(plan::edge_kind_name(plan::EdgeKind::Event))};
  size_t k_index = static_cast<size_t>(k);
  return k_index < sizeof sizes / sizeof sizes[0] ? sizes[k_index]
                                                  : std::strlen(plan::edge_kind_name(k));
}

size_t label_size(const plan::Step& s) {
  return s.instance.size() + 1 + s.action.size() +
         (s.occurrence >= 0 ? 1 + digits(static_cast<uint64_t>(s.occurrence)) : 0);
}

constexpr const char kWaitsFor[] = "       waits for:";
constexpr const char kWaitGroup[] = "wait group ";
constexpr const char kRunsIf[] = "       runs if:";
constexpr const char kCaptures[] = "       then captures: ";

/// The size of the text of the steps (render_steps), for one allocation.
size_t steps_size(const plan::Plan& p) {
  size_t size = 0;
  uint32_t level = UINT32_MAX;
  for (size_t k = 0; k < p.steps.size(); ++k) {
    const plan::Step& s = p.steps[k];
    if (s.level != level) {
      level = s.level;
      size += 6 + digits(level) + 2;  // "level N:\n"
    }
    size += 2 + digits(k + 1) + 2 + label_size(s) + 4 + p.hosts[s.host].name.size() +
            (s.handler ? 10 : 0) + 1;
    if (!s.waits_for.empty() || !s.wait_groups.empty()) {
      size += sizeof kWaitsFor - 1 + 1;
      for (size_t d = 0; d < s.waits_for.size(); ++d) {
        size += (d ? 1 : 0) + 1 + label_size(p.steps[s.waits_for[d].step]) + 2 +
                kind_size(s.waits_for[d].kind) + 1;
      }
      for (uint32_t g : s.wait_groups) size += 2 + sizeof kWaitGroup - 1 + digits(g + 1);
    }
    if (!s.triggers.empty()) {
      size += sizeof kRunsIf - 1 + 1;
      for (size_t t = 0; t < s.triggers.size(); ++t) {
        size += (t ? 3 : 0) + 1 + label_size(p.steps[s.triggers[t].step]) + 1 +
                std::strlen(plan::event_name(s.triggers[t].event));
      }
    }
    for (uint32_t c : s.captures) {
      size += sizeof kCaptures - 1 + p.captures[c].instance.size() + 1 +
              p.captures[c].output.size() + 1;
    }
  }
  return size;
}

void render_steps(const plan::Plan& p, Writer& out) {
  uint32_t level = UINT32_MAX;
  for (size_t k = 0; k < p.steps.size(); ++k) {
    const plan::Step& s = p.steps[k];
    if (s.level != level) {
      level = s.level;
      out.put("level ");
      out.put_number(level);
      out.put(":\n");
    }
    out.put("  ");
    out.put_number(k + 1);
    out.put(". ");
    out.put_label(s);
    out.put(" on ");
    out.put(p.hosts[s.host].name);
    if (s.handler) out.put(" (handler)");
    out.put('\n');
    if (!s.waits_for.empty() || !s.wait_groups.empty()) {
      // A step waited for for two reasons (data and order) is named once, with both:
      // waits_for is sorted by step, so its edges are next to each other.
      out.put(kWaitsFor);
      for (size_t d = 0; d < s.waits_for.size(); ++d) {
        if (d > 0 && s.waits_for[d - 1].step == s.waits_for[d].step) {
          out.put(", ", 2);
        } else {
          out.put(d ? "), " : " ", d ? 3 : 1);
          out.put_label(p.steps[s.waits_for[d].step]);
          out.put(" (");
        }
        out.put(plan::edge_kind_name(s.waits_for[d].kind), kind_size(s.waits_for[d].kind));
      }
      if (!s.waits_for.empty()) out.put(')');
      // A wait group is listed once, above the levels (render_wait_groups).
      for (size_t g = 0; g < s.wait_groups.size(); ++g) {
        out.put(g || !s.waits_for.empty() ? ", " : " ", g || !s.waits_for.empty() ? 2 : 1);
        out.put(kWaitGroup);
        out.put_number(s.wait_groups[g] + 1);
      }
      out.put('\n');
    }
    if (!s.triggers.empty()) {
      out.put(kRunsIf);
      for (size_t t = 0; t < s.triggers.size(); ++t) {
        out.put(t ? " or " : " ", t ? 4 : 1);
        out.put_label(p.steps[s.triggers[t].step]);
        out.put(' ');
        out.put_cstr(plan::event_name(s.triggers[t].event));
      }
      out.put('\n');
    }
    for (uint32_t c : s.captures) {
      out.put(kCaptures);
      out.put(p.captures[c].instance);
      out.put('.');
      out.put(p.captures[c].output);
      out.put('\n');
    }
  }
}

/// `wait group N (kind): a[0].run, a[1].run, ...`, one line per wait group (plan.h).
void render_wait_groups(const plan::Plan& p, std::string& out) {
  for (size_t g = 0; g < p.wait_groups.size(); ++g) {
    const std::vector<plan::Dependency>& waits = p.wait_groups[g].waits;
    size_t size = sizeof kWaitGroup - 1 + digits(g + 1) + 2 + 32 + 1;
    for (const plan::Dependency& d : waits) size += 2 + label_size(p.steps[d.step]);
    Writer out_group(out, size);
    out_group.put(kWaitGroup);
    out_group.put_number(g + 1);
    out_group.put(" (");
    out_group.put_cstr(waits.empty() ? "" : plan::edge_kind_name(waits[0].kind));
    out_group.put("):");
    for (size_t d = 0; d < waits.size(); ++d) {
      out_group.put(d ? ", " : " ", d ? 2 : 1);
      out_group.put_label(p.steps[waits[d].step]);
    }
    out_group.put('\n');
  }
}

}  // namespace

std::string render_plan_text(const plan::Plan& p, const std::string& spec) {
  std::string out = "plan for " + spec + ": " + plural(p.steps.size(), "step") + " in " +
                    plural(p.levels, "level") + " on " + plural(p.hosts.size(), "host") + "\n";
  for (const plan::Split& s : p.splits) {
    std::string others;
    for (const std::string& c : s.cycle)
      if (c != s.action + "#0") others += (others.empty() ? "" : ", ") + c;
    out +=
        "split: " + s.action + " runs twice to break a cycle: #0 before " + others + ", #1 after\n";
  }
  render_wait_groups(p, out);
  if (!p.operation.empty()) out += "operation: " + p.operation + "\n";
  for (size_t b = 0; b < p.batches.size(); ++b) {
    const plan::Batch& batch = p.batches[b];
    out += "batch " + std::to_string(b + 1) + "/" + std::to_string(p.batches.size()) + ": " +
           batch.service + " on " + batch.group + " (size " + std::to_string(batch.size) +
           (batch.minimum >= 0 ? ", min " + std::to_string(batch.minimum) : std::string()) +
           "), steps " + std::to_string(batch.first + 1) + "-" + std::to_string(batch.end) + ":";
    for (const std::string& m : batch.members) out += " " + m;
    out += "\n";
  }
  if (!p.untouched.empty()) {
    out += "not touched, though the selection depends on them:";
    for (const std::string& s : p.untouched) out += " " + s;
    out += "\n";
  }
  {
    Writer w(out, steps_size(p));
    render_steps(p, w);
  }
  if (!p.secrets.empty()) {
    out += "secrets supplied at run time:";
    for (const std::string& s : p.secrets) out += " " + s;
    out += "\n";
  }
  return out;
}

}  // namespace baton
