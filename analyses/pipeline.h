// From the IR to the scheduled plan: every analysis in order, as `check`, `plan` and `compile` run
// them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyses/param_setting.h"
#include "analyses/plan/plan.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"

namespace baton {

struct PlanOptions {
  /// baton.toml's values, then `--param name=value` in command-line order (a later value for
  /// the same name wins).
  std::vector<ParamSetting> params;
  /// The largest group (`--max-instances`): a count above it is an error, not an exhausted machine.
  uint64_t max_instances = 100000;
  /// Build a plan for diagrams even when a cycle cannot be split: Plan::deadlocks holds the
  /// cycles (the errors are still reported).
  bool allow_deadlock = false;
  /// Print each pass's wall time to standard error (`--time-passes`).
  bool time_passes = false;
  /// Keep each step's commands in the plan. A caller that prints no commands (the text of
  /// `baton plan`, the diagrams) may turn this off: the commands are still evaluated, so their
  /// errors, the edges they make and the secrets they need are the same, but Step::commands
  /// stays empty, which saves most of the plan's memory. Capture commands are always kept.
  bool keep_commands = true;
  /// `--op NAME`: compile the named operation (`teardown`, `restart`, ...) instead of the
  /// deploy; "" for the deploy.
  std::string operation;
  /// `--batch`: the members of a group that a rolling operation takes down at once, a count or
  /// (batch_percent) a percentage of the group's size; 0 for the default, 1.
  uint64_t batch = 0;
  bool batch_percent = false;
  /// `--services` and `--hosts`: the instances a rolling operation runs on (empty: all).
  std::vector<std::string> services, hosts;
};

/// Runs every analysis and schedules the plan. Returns nullopt when errors prevent a plan;
/// every error is in `diags`.
std::optional<plan::Plan> build_plan(const ir::Module& module, const PlanOptions& options,
                                     DiagnosticEngine& diags);

/// What `baton check` runs: every analysis over `module`, reporting into `diags`. Params with
/// no value are not errors here; when a group's size depends on one, cycles are not analysed
/// (one representative member stands for the group, enough to check every expression's types).
void analyze_module(const ir::Module& module, const PlanOptions& options, DiagnosticEngine& diags);

}  // namespace baton
