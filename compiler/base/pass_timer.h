// `--time-passes`: the wall time of each pass, one line per pass on standard error.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace baton {

/// Measures consecutive passes: each lap prints the time since the previous lap (or since the
/// timer started) as `time-passes: NAME  12.3 ms  (WHAT)`. A timer that is off prints nothing.
class PassTimer {
 public:
  explicit PassTimer(bool on) : on_(on), last_(std::chrono::steady_clock::now()) {}

  bool on() const { return on_; }

  /// Ends the pass `pass`; `what` is what it went through ("(12 edges)"), or empty.
  void lap(const char* pass, const std::string& what = "") {
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - last_).count();
    std::fprintf(stderr, "time-passes: %-12s %9.1f ms%s%s\n", pass, ms, what.empty() ? "" : "  ",
                 what.c_str());
    last_ = now;
  }

  /// lap(), with what the pass went through as a count: `(12 edges)`.
  void lap(const char* pass, size_t items, const char* what) {
    if (on_) lap(pass, "(" + std::to_string(items) + " " + what + ")");
  }

  /// Starts the next pass now: the time since the last lap is not counted.
  void restart() { last_ = std::chrono::steady_clock::now(); }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace baton
