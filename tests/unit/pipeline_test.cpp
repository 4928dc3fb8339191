// Tests of the pass pipeline (analyses/pipeline.cpp) over the specs in the repository.
#include "analyses/pipeline.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "backends/plan_text.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontend/loader.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

struct Built {
  SourceManager sources;
  ir::Module module;
  DiagnosticEngine diags;
  std::optional<plan::Plan> plan;
};

void build(const std::string& path, bool keep_commands, Built& out) {
  PlanOptions options;
  options.keep_commands = keep_commands;
  REQUIRE(load_spec(path, out.sources, out.module, out.diags) == LoadStatus::Ok);
  out.plan = build_plan(out.module, options, out.diags);
}

std::vector<std::string> codes(const DiagnosticEngine& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.diagnostics()) {
    out.push_back(std::string(diag_info(d.kind).code) + " " + std::to_string(d.range.line) + ":" +
                  std::to_string(d.range.col) + " " + d.message);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("pipeline: a plan built without commands is the same plan, less the commands",
          "[pipeline]") {
  std::vector<std::string> specs;
  for (const char* dir : {"examples", "examples/rejected", "tests/e2e"}) {
    for (const auto& e : fs::directory_iterator(fs::path(BATON_SOURCE_DIR) / dir))
      if (e.path().extension() == ".baton") specs.push_back(e.path().string());
  }
  std::sort(specs.begin(), specs.end());
  REQUIRE(specs.size() >= 8);
  for (const std::string& spec : specs) {
    INFO(spec);
    Built with, without;
    build(spec, true, with);
    build(spec, false, without);
    // The same diagnostics: commands are evaluated either way.
    CHECK(codes(with.diags) == codes(without.diags));
    REQUIRE(with.plan.has_value() == without.plan.has_value());
    if (!with.plan) continue;
    const plan::Plan& a = *with.plan;
    const plan::Plan& b = *without.plan;
    CHECK(render_plan_text(a, spec) == render_plan_text(b, spec));
    CHECK(a.secrets == b.secrets);
    REQUIRE(a.captures.size() == b.captures.size());
    for (size_t i = 0; i < a.captures.size(); ++i) {
      CHECK(a.captures[i].step == b.captures[i].step);
      // Capture commands are kept either way: they are run, not printed.
      CHECK(a.captures[i].command.pieces.size() == b.captures[i].command.pieces.size());
    }
    REQUIRE(a.steps.size() == b.steps.size());
    bool any_command = false;
    for (size_t i = 0; i < a.steps.size(); ++i) {
      any_command = any_command || !a.steps[i].commands.empty();
      CHECK(b.steps[i].commands.empty());
      CHECK(a.steps[i].captures == b.steps[i].captures);
    }
    CHECK(any_command);
  }
}

}  // namespace baton
