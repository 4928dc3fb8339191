// `baton fmt --verify` (format_verify.h): the spec compiled in-process before and after.
#include "driver/format_verify.h"

#include <optional>
#include <vector>

#include "analyses/pipeline.h"
#include "backends/emitters.h"
#include "compiler/frontend/loader.h"
#include "compiler/ir/ir_dump.h"
#include "format/formatter.h"

namespace baton {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// Where a run of digits starting at `i` ends.
size_t digits_end(const std::string& s, size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

/// `dump` with every range `L:C-L:C` (and the file name before it) made `@`: what does not
/// depend on positions.
std::string without_ranges(const std::string& dump) {
  std::string out;
  out.reserve(dump.size());
  size_t i = 0;
  while (i < dump.size()) {
    if (is_digit(dump[i]) && (i == 0 || !is_digit(dump[i - 1]))) {
      size_t a = digits_end(dump, i);
      if (a < dump.size() && dump[a] == ':') {
        size_t b = digits_end(dump, a + 1);
        if (b > a + 1 && b < dump.size() && dump[b] == '-') {
          size_t c = digits_end(dump, b + 1);
          if (c > b + 1 && c < dump.size() && dump[c] == ':') {
            size_t d = digits_end(dump, c + 1);
            if (d > c + 1) {
              out += '@';
              i = d;
              continue;
            }
          }
        }
      }
    }
    out += dump[i++];
  }
  return out;
}

/// What a spec compiles to, without positions.
struct Meaning {
  std::string ir;
  std::string diagnostics;          ///< `check`'s: code and message, one per line
  std::optional<std::string> plan;  ///< the JSON plan, when the spec compiles with its defaults
};

Meaning meaning_of(const std::string& path, const std::string& text) {
  Meaning m;
  SourceManager sources;
  DiagnosticEngine diags;
  ir::Module module;
  load_spec_text(path, text, sources, module, diags);
  ir::DumpOptions dump;
  dump.show_secret_values = true;
  std::string ir = ir::dump_ir(module, sources, dump);
  // The file's own name is the same in both; only the ranges after it differ.
  m.ir = without_ranges(ir);
  PlanOptions options;
  analyze_module(module, options, diags);
  diags.sort_by_location();
  for (const Diagnostic& d : diags.diagnostics())
    m.diagnostics += std::string(diag_info(d.kind).code) + " " + d.message + "\n";
  DiagnosticEngine plan_diags;
  std::optional<plan::Plan> plan = build_plan(module, options, plan_diags);
  if (plan && !plan_diags.has_errors()) {
    std::vector<OutputFile> files;
    std::string err;
    if (emit_json(*plan, BackendOptions{}, files, &err) && !files.empty())
      m.plan = files.front().content;
  }
  return m;
}

}  // namespace

std::string verify_formatting(const std::string& path, const std::string& original,
                              const std::string& formatted) {
  SourceManager sources;
  DiagnosticEngine diags;
  std::string again;
  if (!format::format_spec(formatted, path, sources, diags, again))
    return "the formatted text does not parse";
  if (again != formatted) return "formatting is not idempotent: a second run changes the text";
  if (format::placed_comments(format::normalized_text(original)) !=
      format::placed_comments(formatted))
    return "the comments differ: one was lost, repeated or moved between other tokens";
  Meaning before = meaning_of(path, original), after = meaning_of(path, formatted);
  if (before.ir != after.ir) return "the IR differs";
  if (before.diagnostics != after.diagnostics) return "the diagnostics of check differ";
  if (before.plan.has_value() != after.plan.has_value() ||
      (before.plan && *before.plan != *after.plan))
    return "the JSON plan differs";
  return "";
}

}  // namespace baton
